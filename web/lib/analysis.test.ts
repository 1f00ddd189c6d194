import { describe, expect, it } from 'vitest';
import { orgRows, rankingRows, trendOf } from './analysis.ts';

describe('rankingRows', () => {
  it('reads the ranking as the SQL writes it and drops rows without an id or name', () => {
    const rows = rankingRows([
      {
        orgId: 7,
        name: '勐腊县局党支部',
        kind: 'branch',
        organisation: 82.4,
        vanguard: 71,
        previous: 80,
        change: 2.4,
        rank: 1,
        previousRank: 2,
        total: 2,
        asOf: '2026-05-31',
        previousAsOf: '2026-04-30',
      },
      { orgId: 8, name: '新设支部', kind: 'branch', organisation: null, vanguard: null, change: null, rank: 2 },
      { orgId: '9', name: 'bad id' },
    ]);
    expect(rows).toEqual([
      {
        orgId: 7,
        name: '勐腊县局党支部',
        kind: 'branch',
        rank: 1,
        organisation: 82.4,
        vanguard: 71,
        change: 2.4,
        previousRank: 2,
        asOf: '2026-05-31',
        previousAsOf: '2026-04-30',
      },
      {
        orgId: 8,
        name: '新设支部',
        kind: 'branch',
        rank: 2,
        organisation: null,
        vanguard: null,
        change: null,
        previousRank: null,
        asOf: null,
        previousAsOf: null,
      },
    ]);
  });
});

describe('orgRows', () => {
  it('keeps the drill-down fields and defaults what is missing', () => {
    expect(
      orgRows([
        {
          id: 3,
          name: '一支部',
          kind: 'branch',
          category: 'marketing',
          countyCode: '532823',
          countyName: '勐腊县',
          star: 4,
          standardised: true,
          termEnd: '2027-01-01',
          termState: 'ok',
          parentName: '县局党总支',
        },
        { id: 4, name: '二支部' },
        { name: 'no id' },
      ]),
    ).toEqual([
      {
        id: 3,
        name: '一支部',
        kind: 'branch',
        category: 'marketing',
        countyName: '勐腊县',
        star: 4,
        standardised: true,
        termEnd: '2027-01-01',
        termState: 'ok',
        parentName: '县局党总支',
      },
      {
        id: 4,
        name: '二支部',
        kind: '',
        category: '',
        countyName: null,
        star: null,
        standardised: false,
        termEnd: null,
        termState: 'unknown',
        parentName: null,
      },
    ]);
  });
});

describe('trendOf', () => {
  it('points up or down by one decimal, and says when there is nothing to compare', () => {
    expect(trendOf(2.35)).toEqual({ direction: 'up', text: '▲2.4' });
    expect(trendOf(-1)).toEqual({ direction: 'down', text: '▼1.0' });
    expect(trendOf(-0.04)).toEqual({ direction: 'flat', text: '＝' });
    expect(trendOf(0)).toEqual({ direction: 'flat', text: '＝' });
    expect(trendOf(null)).toEqual({ direction: 'none', text: '—' });
  });
});
