import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type MapState, ORG_KINDS } from '../../map/state.ts';
import {
  activeFilterCount,
  isDefaultLayersAndFilters,
  resetLayersAndFilters,
  setFilters,
  setLayer,
  toggleIn,
} from './layerState.ts';

describe('toggleIn', () => {
  it('keeps the canonical order whatever the click order', () => {
    const a = toggleIn(['temporary_branch'], 'committee', true, ORG_KINDS);
    expect(a).toEqual(['committee', 'temporary_branch']);
    expect(toggleIn(a, 'branch', true, ORG_KINDS)).toEqual(['committee', 'branch', 'temporary_branch']);
  });

  it('removes a value and ignores a value that was not there', () => {
    expect(toggleIn([1, 3, 5], 3, false, [1, 2, 3, 4, 5])).toEqual([1, 5]);
    expect(toggleIn([1, 5], 3, false, [1, 2, 3, 4, 5])).toEqual([1, 5]);
    expect(toggleIn([1, 5], 5, true, [1, 2, 3, 4, 5])).toEqual([1, 5]);
  });
});

describe('layer state', () => {
  const state: MapState = {
    ...DEFAULT_STATE,
    center: [105, 23],
    zoom: 10,
    selection: { kind: 'org', id: 7 },
  };

  it('adds a layer in catalogue order and removes it again', () => {
    const on = setLayer(state, 'sites', true);
    expect(on.layers).toEqual(['admin', 'border', 'orgs', 'zones', 'joint_points', 'sites', 'members', 'live']);
    expect(setLayer(on, 'sites', false).layers).toEqual(DEFAULT_STATE.layers);
  });

  it('resets layers and filters but keeps the view and the selection', () => {
    const changed = setFilters(setLayer(state, 'orgs', false), { county: '532624', stars: [4, 5] });
    expect(activeFilterCount(changed.filters)).toBe(2);
    expect(isDefaultLayersAndFilters(changed)).toBe(false);
    const reset = resetLayersAndFilters(changed);
    expect(reset.layers).toEqual(DEFAULT_STATE.layers);
    expect(reset.filters).toEqual(DEFAULT_STATE.filters);
    expect(reset.center).toEqual([105, 23]);
    expect(reset.selection).toEqual({ kind: 'org', id: 7 });
    expect(isDefaultLayersAndFilters(reset)).toBe(true);
  });

  it('never hands out the default lists themselves', () => {
    const reset = resetLayersAndFilters(state);
    expect(reset.layers).not.toBe(DEFAULT_STATE.layers);
    expect(reset.filters).not.toBe(DEFAULT_STATE.filters);
    expect(reset.filters.stars).not.toBe(DEFAULT_STATE.filters.stars);
  });

  it('counts each narrowing filter once', () => {
    expect(activeFilterCount(DEFAULT_STATE.filters)).toBe(0);
    expect(
      activeFilterCount({ county: '532628', orgKinds: ['branch', 'joint_branch'], stars: [5], zoneKinds: ['grid'] }),
    ).toBe(4);
  });
});
