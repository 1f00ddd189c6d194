import type { Map as MaplibreMap } from 'maplibre-gl';
import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from 'react';
import { zoomToFit } from '../components/map/featureFacts.ts';
import { formatMapState, hasCamera, type MapState, parseMapState } from '../map/state.ts';
import type { AsyncResult } from './useAsync.ts';
import type { Scope } from './useStats.ts';

/**
 * The map state, kept in the URL's query string (state.ts defines the form) so that reloading or
 * sharing a link reproduces the view: centre, zoom, layers, filters, selection, big-screen mode.
 * replaceState, not pushState: panning should not fill the back button's history.
 */
export function useMapState(): [MapState, Dispatch<SetStateAction<MapState>>] {
  const [state, setState] = useState<MapState>(() => parseMapState(window.location.search));

  useEffect(() => {
    const url = new URL(window.location.href);
    url.search = formatMapState(state);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  }, [state]);

  // Back/forward to an entry another page pushed: follow the URL.
  useEffect(() => {
    const follow = () => setState(parseMapState(window.location.search));
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);

  return [state, setState];
}

/** Padding around the home extent, in pixels, and the closest it zooms (a lone seat). */
const HOME_PADDING = 64;
const HOME_MAX_ZOOM = 14;
/** Panels that float over the map's sides (the big screen's figures and panels). */
const SIDE_OVERLAYS = '.screen-stats, .screen-panels';

/** Padding that keeps the extent clear of the panels floating over the map's left and right. */
function paddingFor(map: MaplibreMap) {
  const padding = { top: HOME_PADDING, bottom: HOME_PADDING, left: HOME_PADDING, right: HOME_PADDING };
  const frame = map.getContainer().getBoundingClientRect();
  const view = map.getContainer().parentElement;
  for (const el of view?.querySelectorAll(SIDE_OVERLAYS) ?? []) {
    const r = el.getBoundingClientRect();
    if (r.left - frame.left < frame.width / 2)
      padding.left = Math.max(padding.left, r.right - frame.left + HOME_PADDING);
    else padding.right = Math.max(padding.right, frame.right - r.left + HOME_PADDING);
  }
  // Panels wider than the map leave nothing to fit into: fall back to the plain padding.
  if (padding.left + padding.right > frame.width - 100) padding.left = padding.right = HOME_PADDING;
  return padding;
}

/**
 * Where the map opens ("start where the user works"): a link's camera when the URL has one;
 * otherwise the caller's own extent — their organisations' seats and zones (`GET /api/stats/scope`)
 * — unless their scope is the whole prefecture, which the default view shows. Until the scope is
 * known the map should not be created (returns false), so it never opens on the prefecture first:
 * it is created at an estimate of the fit, then fitted exactly once it knows its size.
 */
export function useHomeView(
  scope: AsyncResult<Scope>,
  setState: Dispatch<SetStateAction<MapState>>,
  map: MaplibreMap | null,
): boolean {
  // Decided once, at the first render, before the state is written back to the URL.
  const [wanted] = useState(() => !hasCamera(window.location.search));
  const [placed, setPlaced] = useState(false);
  const fitted = useRef(false);
  const bbox = wanted && scope.status === 'success' && scope.data.kind !== 'prefecture' ? scope.data.bbox : null;

  useEffect(() => {
    if (!wanted || placed || scope.status === 'loading') return;
    if (bbox) {
      const [minX, minY, maxX, maxY] = bbox;
      const center: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
      setState((s) => ({ ...s, center, zoom: Math.min(HOME_MAX_ZOOM, zoomToFit(bbox)) }));
    }
    setPlaced(true);
  }, [wanted, placed, scope.status, bbox, setState]);

  // The map's own fit for its real size; the moveend it fires brings the state along.
  useEffect(() => {
    if (!map || !bbox || fitted.current) return;
    fitted.current = true;
    const camera = map.cameraForBounds(bbox, { padding: paddingFor(map), maxZoom: HOME_MAX_ZOOM });
    if (camera) map.jumpTo(camera);
  }, [map, bbox]);

  return !wanted || placed;
}

/** Drops the map state from the URL (on sign-out: the next person starts from the default view). */
export function clearMapStateFromUrl(): void {
  const url = new URL(window.location.href);
  url.search = '';
  window.history.replaceState(window.history.state, '', url);
}
