import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { keepToolLayers, TOOL_LAYER_PREFIX } from './keepLayers.ts';

const line = `${TOOL_LAYER_PREFIX}-linestring`;
const data: FeatureCollection = { type: 'FeatureCollection', features: [] };

function style(sources: string[], layers: string[]): StyleSpecification {
  return {
    version: 8,
    sources: Object.fromEntries(sources.map((id) => [id, { type: 'geojson', data }])),
    layers: layers.map((id) => ({ id, type: 'line', source: id })),
  };
}

describe('keepToolLayers', () => {
  it("carries the tools' sources and layers into the next style, on top", () => {
    const previous = style(['admin', line], ['admin', line]);
    const next = style(['admin', 'orgs'], ['admin', 'orgs']);
    const kept = keepToolLayers(previous, next);
    expect(Object.keys(kept.sources)).toEqual(['admin', 'orgs', line]);
    expect(kept.layers.map((l) => l.id)).toEqual(['admin', 'orgs', line]);
    expect(kept.sources[line]).toBe(previous.sources[line]);
  });

  it('returns the next style untouched when there is nothing to keep or no previous style', () => {
    const next = style(['admin'], ['admin']);
    expect(keepToolLayers(style(['admin', 'orgs'], ['admin', 'orgs']), next)).toBe(next);
    expect(keepToolLayers(undefined, next)).toBe(next);
  });

  it('does not duplicate ids the next style already has', () => {
    const previous = style([line], [line]);
    const next = style([line], [line]);
    expect(keepToolLayers(previous, next)).toBe(next);
  });
});
