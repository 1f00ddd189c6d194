import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { type LngLatBoundsLike, Map as MaplibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { readBasemapConfig } from '../../map/config.ts';
import { DEFAULT_STATE } from '../../map/state.ts';
import { buildStyle, CJK_FONT_FAMILY } from '../../map/style.ts';
import 'maplibre-gl/dist/maplibre-gl.css';

/** Props of {@link MiniMap}. */
export interface MiniMapProps {
  label: string;
  /** Zones to outline, with their (GeoJSON polygon) geometry as the server sent it. */
  zones?: { name: string | null; geometry: object | null }[];
  /** Joint points, organisation seats, the latest fix. */
  points?: { lon: number; lat: number; name: string }[];
  /** A track, oldest first. */
  track?: [number, number][];
  /** @default 260 */
  height?: number;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * A small, static map of a portrait's places on the offline base map (admin areas and the border
 * from our own tiles): zones, points and a track, fitted to what it shows. No interaction beyond
 * zooming, so it never competes with the page's scrolling.
 */
export function MiniMap({ label, zones = [], points = [], track = [], height = 260 }: MiniMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const data = useRef({ zones, points, track });
  data.current = { zones, points, track };

  useEffect(() => {
    if (!box.current) return;
    const style = buildStyle({
      origin: window.location.origin,
      theme: 'light',
      basemap: readBasemapConfig(),
      layers: ['admin', 'border'],
      filters: DEFAULT_STATE.filters,
      selection: null,
    });
    const map = new MaplibreMap({
      container: box.current,
      style,
      center: DEFAULT_STATE.center,
      zoom: 7,
      attributionControl: false,
      dragRotate: false,
      scrollZoom: false,
      localIdeographFontFamily: CJK_FONT_FAMILY,
      transformRequest: (url) => ({ url: new URL(url, window.location.href).href }),
    });
    map.on('load', () => {
      const { points: p, track: t } = data.current;
      const z = data.current.zones
        .filter((zone) => zone.geometry)
        .map(
          (zone) =>
            ({ type: 'Feature', geometry: zone.geometry as Geometry, properties: { name: zone.name } }) as Feature,
        );
      const pointFeatures = p.map((x) => turf.point([x.lon, x.lat], { name: x.name }));
      const line = t.length > 1 ? [turf.lineString(t)] : [];
      map.addSource('mini-zones', { type: 'geojson', data: turf.featureCollection(z) });
      map.addSource('mini-points', { type: 'geojson', data: turf.featureCollection(pointFeatures) });
      map.addSource('mini-track', { type: 'geojson', data: line.length ? turf.featureCollection(line) : EMPTY });
      map.addLayer({
        id: 'mini-zones-fill',
        type: 'fill',
        source: 'mini-zones',
        paint: { 'fill-color': '#c8102e', 'fill-opacity': 0.18 },
      });
      map.addLayer({
        id: 'mini-zones-line',
        type: 'line',
        source: 'mini-zones',
        paint: { 'line-color': '#c8102e', 'line-width': 1.5 },
      });
      map.addLayer({
        id: 'mini-track',
        type: 'line',
        source: 'mini-track',
        paint: { 'line-color': '#3a7bd5', 'line-width': 3 },
      });
      map.addLayer({
        id: 'mini-points',
        type: 'circle',
        source: 'mini-points',
        paint: {
          'circle-radius': 6,
          'circle-color': '#f2a900',
          'circle-stroke-color': '#7a1020',
          'circle-stroke-width': 1.5,
        },
      });
      const all = turf.featureCollection<Geometry>([...z, ...pointFeatures, ...line]);
      if (all.features.length) {
        const [minX, minY, maxX, maxY] = turf.bbox(all);
        map.fitBounds([minX, minY, maxX, maxY] as LngLatBoundsLike, { padding: 30, maxZoom: 13, duration: 0 });
      }
      box.current?.setAttribute('data-ready', 'true');
    });
    return () => map.remove();
  }, []);

  return <div ref={box} className="mini-map" style={{ height }} role="img" aria-label={label} />;
}
