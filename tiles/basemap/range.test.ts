import { describe, expect, it } from 'vitest';
import { parseRange } from './range.ts';

describe('parseRange (RFC 9110 byte ranges, one per request)', () => {
  const size = 1000;

  it('reads first-last, first- and -suffix, clipped to the file', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-0', size)).toEqual({ kind: 'range', start: 0, end: 0 });
    expect(parseRange('bytes=10-19', size)).toEqual({ kind: 'range', start: 10, end: 19 });
    expect(parseRange('bytes=990-', size)).toEqual({ kind: 'range', start: 990, end: 999 });
    expect(parseRange('bytes=0-16383', size)).toEqual({ kind: 'range', start: 0, end: 999 });
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'range', start: 0, end: 999 });
    expect(parseRange(' bytes = 5 - 6 ', size)).toEqual({ kind: 'range', start: 5, end: 6 });
  });

  it('refuses what it cannot serve', () => {
    for (const h of [
      'bytes=1000-',
      'bytes=1000-1001',
      'bytes=-0',
      'bytes=9-3',
      'bytes=-',
      'bytes=0-1,4-5',
      'lines=0-1',
      'bytes=x-',
    ]) {
      expect(parseRange(h, size).kind, h).toBe('unsatisfiable');
    }
    expect(parseRange('bytes=0-', 0).kind).toBe('unsatisfiable');
    expect(parseRange('bytes=-1', 0).kind).toBe('unsatisfiable');
  });
});
