// @deck.gl/maplibre, not @deck.gl/mapbox: in 9.4 the latter's MapboxOverlay reads `map.transform`,
// which MapLibre 6 removed (visgl/deck.gl#10501); MapLibreOverlay is the same control on public APIs.
import type { Layer } from '@deck.gl/core';
import type { MapLibreOverlay } from '@deck.gl/maplibre';
import {
  AttributionControl,
  Map as MaplibreMap,
  type MapMouseEvent,
  type MapOptions,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
// MapLibre 6 runs its worker from a separate module; Vite copies it and gives its URL, so the
// worker loads from this origin (MapLibre would otherwise guess a path next to the bundle).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  type ReactNode,
  useCallback,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { type Translate, useI18n, useT } from '../i18n/context.ts';
import type { JointPoint, OrgPoint } from '../lib/features.ts';
import type { LiveStore } from '../lib/liveStore.ts';
import { type BasemapConfig, readBasemapConfig } from './config.ts';
import { jointPointPasses, orgPasses } from './filters.ts';
import { paintOnceLoaded } from './firstPaint.ts';
import { STYLE_LAYER } from './layerIds.ts';
import { provideIcons } from './layers/icons.ts';
import { markLiveMembers } from './layers/members.ts';
import { type OrgWarningCount, orgFeatures } from './layers/orgs.ts';
import type { LiveOverlay } from './liveOverlay.ts';
import { MapTooltip } from './MapTooltip.tsx';
import { mergeOverlayLayers, OverlayLayersContext, type SetOverlayLayers } from './overlayLayers.ts';
import { clusterZoom, hitAt, type MapHit } from './picking.ts';
import { renderQuality } from './renderQuality.ts';
import type { MapState, Selection } from './state.ts';
import { buildStyle, CJK_FONT_FAMILY, keepLoadedGeoJSON } from './style.ts';
import { mapTheme } from './theme.ts';
import { keepToolLayers } from './tools/keepLayers.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';

setWorkerUrl(workerUrl);

/** The camera as the URL keeps it. */
export interface MapCamera {
  center: [number, number];
  zoom: number;
}

/** Props of {@link MapView}. */
export interface MapViewProps {
  /** Live warnings by organisation: red count badges on the org symbols. @default none */
  orgWarnings?: ReadonlyMap<number, OrgWarningCount>;
  /** Camera, layers, filters, selection and theme (big-screen mode is dark). */
  state: MapState;
  /** Organisation seats in scope (clustered here, filtered by `state.filters`). */
  orgs: readonly OrgPoint[];
  /** Joint-building points in scope. */
  jointPoints: readonly JointPoint[];
  /**
   * Members moving live (the `live` layer), drawn from the store's frames on a canvas of their
   * own (liveOverlay.ts) without rendering this view. @default none
   */
  liveFeed?: LiveStore;
  /** After every camera move that ends (pan, zoom, fly). */
  onViewChange: (camera: MapCamera) => void;
  /** A feature was clicked. */
  onSelect: (selection: Selection) => void;
  /** The MapLibre map once created, and null when it goes (tools mount on it). */
  onMapReady?: (map: MaplibreMap | null) => void;
  /** Hover and click pick features; off while a tool (measuring) owns the clicks. @default true */
  picking?: boolean;
  /** Overrides the base-map settings read from the deployment (config.ts). */
  basemap?: BasemapConfig;
  /**
   * Overlays drawn over the map (tools, drawer, headline figures); they may add deck.gl layers
   * through {@link OverlayLayersContext} (overlayLayers.ts).
   */
  children?: ReactNode;
}

/**
 * The element that carries the map for tests and tools: `el.redmapMap` is the MapLibre map,
 * `el.redmapOverlays` the deck.gl overlays (interleaved layers, and the live members' canvas).
 */
export interface MapElement extends HTMLDivElement {
  redmapMap?: MaplibreMap;
  /** Each once deck.gl has loaded and it is wanted (deck.ts). */
  redmapOverlays?: { deck: MapLibreOverlay | null; live: LiveOverlay | null };
}

/** deck.gl and what is built on it (deck.ts), loaded on first need. */
type Deck = typeof import('./deck.ts');
let deckModule: Promise<Deck> | null = null;
const loadDeck = (): Promise<Deck> => {
  deckModule ??= import('./deck.ts');
  return deckModule;
};

/**
 * Where deck.gl layers go in the style: points under the place names, so they never hide where
 * they are (live members have a canvas of their own, liveOverlay.ts). An overlay layer may name
 * its own place (the coverage grid lies under the zones as a tint of the base map).
 */
function beforeIdOf(layer: Layer): string {
  return (layer.props as { beforeId?: string }).beforeId ?? STYLE_LAYER.contextLabel;
}

const NO_LIVE_MEMBERS: ReadonlySet<number> = new Set();

/** The members on the live layer; a new value only when members join or leave, not when they move. */
function useLiveMembers(store: LiveStore | undefined): ReadonlySet<number> {
  const subscribe = useCallback((onChange: () => void) => store?.subscribe(onChange) ?? (() => {}), [store]);
  const membership = useSyncExternalStore(subscribe, () => store?.frame.membership ?? -1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: membership says when the set changed.
  return useMemo(() => (store ? new Set(store.frame.members) : NO_LIVE_MEMBERS), [store, membership]);
}

/** Camera differences below these are the same view (URL rounding, float noise). */
const SAME_DEGREES = 1e-5;
const SAME_ZOOM = 0.005;

function sameCamera(map: MaplibreMap, camera: MapCamera): boolean {
  const c = map.getCenter();
  return (
    Math.abs(c.lng - camera.center[0]) < SAME_DEGREES &&
    Math.abs(c.lat - camera.center[1]) < SAME_DEGREES &&
    Math.abs(map.getZoom() - camera.zoom) < SAME_ZOOM
  );
}

/** MapLibre's own control texts in the UI language. */
function mapLocale(t: Translate): MapOptions['locale'] {
  return {
    'Map.Title': t('map.view.canvas'),
    'NavigationControl.ZoomIn': t('map.view.zoomIn'),
    'NavigationControl.ZoomOut': t('map.view.zoomOut'),
    'NavigationControl.ResetBearing': t('map.view.resetBearing'),
    'AttributionControl.ToggleAttribution': t('map.view.toggleAttribution'),
  };
}

/**
 * The map: MapLibre draws the offline base map and the tile layers, deck.gl (interleaved in the
 * same WebGL context) draws orgs, joint points and members. The camera is mirrored to the state
 * on every `moveend`, and the map flies when the state's camera changes from outside.
 */
export function MapView({
  state,
  orgs,
  jointPoints,
  liveFeed,
  orgWarnings,
  onViewChange,
  onSelect,
  onMapReady,
  picking = true,
  basemap,
  children,
}: MapViewProps) {
  const t = useT();
  const { locale } = useI18n();
  const containerRef = useRef<MapElement>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  // Set once the map has loaded: deck.gl may load then (deck.ts).
  const [loaded, setLoaded] = useState(false);
  const [deck, setDeck] = useState<Deck | null>(null);
  const [overlay, setOverlay] = useState<MapLibreOverlay | null>(null);
  const [liveOverlay, setLiveOverlay] = useState<LiveOverlay | null>(null);
  // For picking from the map's event handlers.
  const liveOverlayRef = useRef<LiveOverlay | null>(null);
  liveOverlayRef.current = liveOverlay;
  const [zoom, setZoom] = useState(state.zoom);
  const [hover, setHover] = useState<{ hit: MapHit; x: number; y: number } | null>(null);
  const [failed, setFailed] = useState(false);
  // deck.gl layers that overlays (track playback) hand in, by owner.
  const [overlayLayers, setOverlayLayersState] = useState<ReadonlyMap<string, readonly Layer[]>>(() => new Map());
  const setOverlayLayers = useCallback<SetOverlayLayers>((owner, layers) => {
    setOverlayLayersState((prev) => {
      if (prev.get(owner) === (layers ?? undefined)) return prev;
      const next = new Map(prev);
      if (layers) next.set(owner, layers);
      else next.delete(owner);
      return next;
    });
  }, []);

  const themeName = state.screen ? 'dark' : 'light';
  const theme = mapTheme(themeName);
  const settings = useMemo(() => basemap ?? readBasemapConfig(), [basemap]);
  // The API's orgs and joint points go into the style as GeoJSON, filtered.
  const { filters, layers, selection } = state;
  const shownOrgs = useMemo(
    () =>
      orgFeatures(
        orgs.filter((o) => orgPasses(filters, o)),
        orgWarnings,
      ),
    [orgs, filters, orgWarnings],
  );
  const shownPoints = useMemo(() => jointPoints.filter((p) => jointPointPasses(filters, p)), [jointPoints, filters]);
  const selectedPoint = useMemo(() => {
    if (selection?.kind === 'org') return orgs.find((o) => o.id === selection.id)?.position ?? null;
    if (selection?.kind === 'joint_point') return jointPoints.find((p) => p.id === selection.id)?.position ?? null;
    return null;
  }, [selection, orgs, jointPoints]);
  const style = useMemo(
    () =>
      buildStyle({
        origin: window.location.origin,
        theme: themeName,
        basemap: settings,
        layers,
        filters,
        selection,
        locale,
        orgs: shownOrgs,
        jointPoints: shownPoints,
        selectedPoint,
      }),
    [themeName, settings, layers, filters, selection, locale, shownOrgs, shownPoints, selectedPoint],
  );
  const attribution = settings.attribution ?? t('map.view.attribution');

  const reportMapReady = useEffectEvent((m: MaplibreMap | null) => onMapReady?.(m));
  const reportView = useEffectEvent((camera: MapCamera) => onViewChange(camera));
  const reportSelect = useEffectEvent((selection: Selection) => onSelect(selection));
  const pickingOn = useEffectEvent(() => picking);
  const initial = useRef({ style, center: state.center, zoom: state.zoom, locale: mapLocale(t) });

  // The deck.gl layers last handed to the overlay.
  const deckLayersRef = useRef<Layer[]>([]);
  // Flights started here carry an id; a moveend of a flight that a newer one replaced is stale.
  const flight = useRef(0);

  // Create the map once.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let m: MaplibreMap;
    const quality = renderQuality();
    try {
      m = new MaplibreMap({
        container,
        style: initial.current.style,
        center: initial.current.center,
        zoom: initial.current.zoom,
        minZoom: 3,
        maxZoom: 17.5,
        // A 2-D administrative map: no rotation or tilt to get lost in.
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        localIdeographFontFamily: CJK_FONT_FAMILY,
        // Keep the drawing buffer so the canvas can be read back (PNG export, tests). Without a
        // GPU, no multisampling and no label fades (renderQuality.ts).
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: quality.antialias },
        fadeDuration: quality.fadeDuration,
        attributionControl: false,
        locale: initial.current.locale,
        // The tools' own sources and layers survive every restyle (setStyle diffs below), and
        // so does the context GeoJSON that MapLibre has loaded.
        transformStyle: (previous, next) => keepToolLayers(previous, keepLoadedGeoJSON(previous, next)),
        // TileJSON gives tile URLs relative to the server (never from the request's Host header);
        // the workers that fetch tiles need them absolute.
        transformRequest: (url) => ({ url: new URL(url, window.location.href).href }),
      });
    } catch (err) {
      console.error('map: could not create the map', err);
      setFailed(true);
      return;
    }
    // Tests read whether the first paint waited for the tiles (firstPaint.ts).
    container.dataset.firstPaint = quality.software && paintOnceLoaded(m) ? 'when-loaded' : 'progressive';
    provideIcons(m);
    m.touchZoomRotate.disableRotation();
    m.keyboard.disableRotation();
    // Left side: the feature drawer covers the right-hand side of the map when open.
    m.addControl(new NavigationControl({ showCompass: false }), 'top-left');
    m.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    container.redmapMap = m;
    container.redmapOverlays = { deck: null, live: null };
    m.once('load', () => setLoaded(true));

    m.on('moveend', (e) => {
      // A flight interrupted by a newer flight: the newer one reports where it ends.
      const { flightId } = e as { flightId?: number };
      if (flightId !== undefined && flightId !== flight.current) return;
      const c = m.getCenter();
      setZoom(m.getZoom());
      reportView({ center: [c.lng, c.lat], zoom: m.getZoom() });
    });

    let frame = 0;
    const hoverAt = (e: MapMouseEvent) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const hit = pickingOn() ? hitAt(m, liveOverlayRef.current, e.point.x, e.point.y) : null;
        m.getCanvas().style.cursor = hit ? 'pointer' : '';
        setHover(hit ? { hit, x: e.point.x, y: e.point.y } : null);
      });
    };
    m.on('mousemove', hoverAt);
    m.on('mouseout', () => {
      cancelAnimationFrame(frame);
      setHover(null);
    });
    m.on('movestart', () => setHover(null));
    m.on('click', (e) => {
      if (!pickingOn()) return;
      const hit = hitAt(m, liveOverlayRef.current, e.point.x, e.point.y);
      if (!hit) return;
      if (hit.type === 'cluster') {
        void clusterZoom(m, hit).then((zoom) =>
          m.easeTo({ center: hit.center, zoom: Math.max(zoom, m.getZoom() + 1) }),
        );
      } else reportSelect(hit.selection);
    });

    setMap(m);
    reportMapReady(m);
    return () => {
      cancelAnimationFrame(frame);
      reportMapReady(null);
      delete container.redmapMap;
      delete container.redmapOverlays;
      m.remove();
      setMap(null);
      setLoaded(false);
    };
  }, []);

  // Layers, filters, selection and theme: restyle by diff (unchanged sources keep their tiles).
  useEffect(() => {
    if (!picking) setHover(null);
  }, [picking]);

  // The first style went to the constructor; diffing before it has loaded would rebuild it.
  useEffect(() => {
    if (map && style !== initial.current.style) map.setStyle(style, { diff: true });
  }, [map, style]);

  // The attribution follows the language and the settings.
  useEffect(() => {
    if (!map) return;
    const control = new AttributionControl({ compact: false, customAttribution: attribution });
    map.addControl(control, 'bottom-left');
    return () => {
      // On unmount the map may already be gone, taking its controls with it.
      if (map.hasControl(control)) map.removeControl(control);
    };
  }, [map, attribution]);

  // Fly when the state's camera differs from the map's (a link, the tree, search, "fly to").
  const [lon, lat] = state.center;
  useEffect(() => {
    if (!map || sameCamera(map, { center: [lon, lat], zoom: state.zoom })) return;
    flight.current += 1;
    map.flyTo({ center: [lon, lat], zoom: state.zoom, speed: 1.8 }, { flightId: flight.current });
  }, [map, lon, lat, state.zoom]);

  // deck.gl once the map has loaded and something needs it: the live layer or an overlay's layers.
  const liveOn = layers.includes('live') && liveFeed !== undefined;
  const wantDeck = loaded && (liveOn || overlayLayers.size > 0);
  useEffect(() => {
    if (!wantDeck) return;
    let current = true;
    void loadDeck().then((d) => current && setDeck(d));
    return () => {
      current = false;
    };
  }, [wantDeck]);

  // Live members: their own canvas, fed by the store; the tiles leave out the members it draws.
  useEffect(() => {
    if (!deck || !map) return;
    const created = new deck.LiveOverlay(map);
    const el = map.getContainer() as MapElement;
    if (el.redmapOverlays) el.redmapOverlays.live = created;
    setLiveOverlay(created);
    return () => {
      created.remove();
      if (el.redmapOverlays) el.redmapOverlays.live = null;
      setLiveOverlay(null);
    };
  }, [deck, map]);

  // The overlays' layers, interleaved: deck.gl draws into MapLibre's WebGL context, between its layers.
  useEffect(() => {
    if (!deck || !map) return;
    const created = new deck.MapLibreOverlay({ interleaved: true, layers: deckLayersRef.current });
    map.addControl(created);
    const el = map.getContainer() as MapElement;
    if (el.redmapOverlays) el.redmapOverlays.deck = created;
    // deck.gl inserts its layer groups into the style only while the style reports itself fully
    // loaded, which it rarely does when layers change while tiles load; until then it draws
    // everything on top. Once the map is idle, hand the layers over again to insert them.
    const insert = () => {
      const groups = map.getLayersOrder().filter((id) => id.startsWith('deck-')).length;
      const wanted = new Set(deckLayersRef.current.map((l) => (l.props as { beforeId?: string }).beforeId)).size;
      if (groups < wanted) created.setProps({ layers: deckLayersRef.current });
    };
    map.on('idle', insert);
    setOverlay(created);
    return () => {
      map.off('idle', insert);
      if (map.hasControl(created)) map.removeControl(created);
      if (el.redmapOverlays) el.redmapOverlays.deck = null;
      setOverlay(null);
    };
  }, [deck, map]);

  const onLive = useLiveMembers(liveOn ? liveFeed : undefined);
  useEffect(() => {
    if (map) markLiveMembers(map, onLive);
  }, [map, onLive]);
  const county = filters.county;
  const countyOfOrg = useMemo(() => new Map(orgs.map((o) => [o.id, o.countyCode])), [orgs]);
  const outside = useMemo(
    () => (county ? (orgId: number) => countyOfOrg.get(orgId) !== county : null),
    [county, countyOfOrg],
  );
  const selectedMember = selection?.kind === 'member' ? selection.id : null;
  useEffect(() => {
    liveOverlay?.setProps({
      store: liveFeed ?? null,
      theme,
      zoom,
      selectedId: selectedMember,
      outside,
      visible: liveOn,
    });
  }, [liveOverlay, liveFeed, theme, zoom, selectedMember, outside, liveOn]);

  useEffect(() => {
    // Only what overlays hand in (track playback, the coverage planner): the map's own points are
    // style layers, so an empty overlay compiles no deck.gl shader on first load.
    const deckLayers = mergeOverlayLayers(overlayLayers);
    deckLayersRef.current = deckLayers.map((l) => l.clone({ beforeId: beforeIdOf(l) } as Partial<Layer['props']>));
    overlay?.setProps({ layers: deckLayersRef.current });
  }, [overlay, overlayLayers]);

  return (
    <section className={`map-view map-view--${themeName}`} aria-label={t('map.view.region')}>
      <div ref={containerRef} className="map-view__canvas" data-testid="map" />
      {failed && <p className="map-view__error">{t('map.view.noWebgl')}</p>}
      {hover && <MapTooltip hit={hover.hit} x={hover.x} y={hover.y} />}
      <OverlayLayersContext value={setOverlayLayers}>{children}</OverlayLayersContext>
    </section>
  );
}
