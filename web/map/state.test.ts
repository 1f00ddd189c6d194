import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, formatMapState, parseMapState } from './state.ts';

describe('map state in the URL', () => {
  it('shows the live layer by default and keeps the plain URL plain', () => {
    expect(DEFAULT_STATE.layers).toContain('live');
    expect(new URLSearchParams(formatMapState(DEFAULT_STATE)).has('l')).toBe(false);
  });

  it('round-trips a layer list with and without the live layer', () => {
    const off = { ...DEFAULT_STATE, layers: DEFAULT_STATE.layers.filter((l) => l !== 'live') };
    const q = formatMapState(off);
    expect(new URLSearchParams(q).get('l')).toBe('admin,border,orgs,zones,joint_points,members');
    expect(parseMapState(q).layers).toEqual(off.layers);
    expect(parseMapState('l=live,orgs').layers).toEqual(['live', 'orgs']);
  });

  it('reads links made before the live layer existed as they were written', () => {
    expect(parseMapState('l=orgs,border,zones').layers).toEqual(['orgs', 'border', 'zones']);
  });
});
