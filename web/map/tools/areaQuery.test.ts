import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { MessageParams } from '../../i18n/context.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { ApiError } from '../../lib/api.ts';
import { MAX_RANGE_MS, toLocalInput } from '../trackPlayback.ts';
import { areaErrorText, areaGeometry, buildAreaQuery, cleanRing, sameRequest, spanText } from './areaQuery.ts';

/** A square around Wenshan as terra-draw hands it over: closed, 9 decimals. */
const drawn: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [104.123456789, 23.123456789],
      [104.133456789, 23.123456789],
      [104.133456789, 23.133456789],
      [104.123456789, 23.133456789],
      [104.123456789, 23.123456789],
    ],
  ],
};

describe('cleanRing', () => {
  it('rounds to 7 decimals and keeps the ring closed', () => {
    expect(cleanRing(drawn.coordinates[0]!)).toEqual([
      [104.1234568, 23.1234568],
      [104.1334568, 23.1234568],
      [104.1334568, 23.1334568],
      [104.1234568, 23.1334568],
      [104.1234568, 23.1234568],
    ]);
  });

  it('closes an open ring and drops repeated corners (a double-click adds one)', () => {
    expect(
      cleanRing([
        [104, 23],
        [104.1, 23],
        [104.1, 23],
        [104.1, 23.1],
      ]),
    ).toEqual([
      [104, 23],
      [104.1, 23],
      [104.1, 23.1],
      [104, 23],
    ]);
  });

  it('refuses fewer than three corners and coordinates off the globe', () => {
    expect(
      cleanRing([
        [104, 23],
        [104.1, 23],
        [104, 23],
      ]),
    ).toBeNull();
    expect(
      cleanRing([
        [104, 23],
        [104.00000001, 23.00000001],
        [104.1, 23.1],
        [104, 23],
      ]),
    ).toBeNull();
    expect(
      cleanRing([
        [104, 23],
        [181, 23],
        [104, 24],
      ]),
    ).toBeNull();
    expect(cleanRing([[104, 23], [104.1], [104, 24]])).toBeNull();
  });
});

describe('areaGeometry', () => {
  it('drops a collapsed hole but not a collapsed outer ring', () => {
    const outer = drawn.coordinates[0]!;
    const hole = [
      [104.125, 23.125],
      [104.126, 23.125],
      [104.125, 23.125],
    ];
    expect(areaGeometry({ type: 'Polygon', coordinates: [outer, hole] })?.coordinates).toHaveLength(1);
    expect(areaGeometry({ type: 'Polygon', coordinates: [hole, outer] })).toBeNull();
    expect(areaGeometry({ type: 'Polygon', coordinates: [] })).toBeNull();
  });
});

describe('buildAreaQuery', () => {
  it('gives the API body: the cleaned polygon and ISO instants', () => {
    const built = buildAreaQuery(drawn, '2026-05-01T09:00', '2026-05-01T11:00');
    expect(built).toEqual({
      request: {
        geometry: { type: 'Polygon', coordinates: [cleanRing(drawn.coordinates[0]!)] },
        from: new Date(2026, 4, 1, 9).toISOString(),
        to: new Date(2026, 4, 1, 11).toISOString(),
      },
    });
  });

  it('says what is missing or wrong, the area first', () => {
    expect(buildAreaQuery(null, '', '')).toEqual({ problem: 'noArea' });
    const flat: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [104, 23],
          [104.1, 23],
          [104, 23],
        ],
      ],
    };
    expect(buildAreaQuery(flat, '2026-05-01T09:00', '2026-05-01T11:00')).toEqual({ problem: 'degenerate' });
    expect(buildAreaQuery(drawn, '', '2026-05-01T11:00')).toEqual({ problem: 'incomplete' });
    expect(buildAreaQuery(drawn, '2026-05-01T11:00', '2026-05-01T09:00')).toEqual({ problem: 'order' });
    expect(buildAreaQuery(drawn, '2026-05-01T00:00', '2026-06-02T00:00')).toEqual({ problem: 'tooLong' });
    const longest = toLocalInput(new Date(2026, 4, 1).getTime() + MAX_RANGE_MS);
    expect('request' in buildAreaQuery(drawn, '2026-05-01T00:00', longest)).toBe(true);
  });
});

describe('sameRequest', () => {
  it('compares range and geometry by value', () => {
    const a = buildAreaQuery(drawn, '2026-05-01T09:00', '2026-05-01T11:00');
    const b = buildAreaQuery(structuredClone(drawn), '2026-05-01T09:00', '2026-05-01T11:00');
    const c = buildAreaQuery(drawn, '2026-05-01T09:00', '2026-05-01T12:00');
    if (!('request' in a) || !('request' in b) || !('request' in c)) throw new Error('unexpected problem');
    expect(sameRequest(a.request, b.request)).toBe(true);
    expect(sameRequest(a.request, c.request)).toBe(false);
    expect(sameRequest(null, a.request)).toBe(false);
    expect(sameRequest(null, null)).toBe(true);
  });
});

describe('areaErrorText', () => {
  const t = (key: MessageKey, params?: MessageParams) => (params ? `${key} ${JSON.stringify(params)}` : key);

  it('asks to redraw a self-crossing area', () => {
    const error = new ApiError(422, 'invalid_geometry', 'invalid geometry: Self-intersection[104 23]');
    expect(areaErrorText(t, error)).toBe('area.error.geometry');
  });

  it('translates known codes and keeps the server message of others', () => {
    expect(areaErrorText(t, new ApiError(0, 'network', 'fetch failed'))).toBe('area.error {"message":"error.network"}');
    expect(areaErrorText(t, new ApiError(400, 'invalid_request', 'the range may span at most 31 days'))).toBe(
      'area.error {"message":"the range may span at most 31 days"}',
    );
  });
});

describe('spanText', () => {
  const format = {
    dateTime: (ms: number) => `D${toLocalInput(ms).replace('T', ' ')}`,
    time: (ms: number) => `T${toLocalInput(ms).slice(11)}`,
  };
  const at = (d: number, h: number, m: number, s = 0) => new Date(2026, 4, d, h, m, s).toISOString();

  it('writes the date once within a day, twice across days, once for a single minute', () => {
    expect(spanText(at(1, 9, 5), at(1, 11, 20), format)).toBe('D2026-05-01 09:05–T11:20');
    expect(spanText(at(1, 22, 10), at(2, 6, 40), format)).toBe('D2026-05-01 22:10–D2026-05-02 06:40');
    expect(spanText(at(1, 9, 5, 1), at(1, 9, 5, 50), format)).toBe('D2026-05-01 09:05');
  });
});
