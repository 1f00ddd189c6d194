import type { Map as MaplibreMap } from 'maplibre-gl';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { AppHeader } from '../components/AppHeader.tsx';
import { useNavigate } from '../components/Link.tsx';
import type { TrackSubject } from '../components/map/drawer/actions.ts';
import { FeatureDrawer } from '../components/map/FeatureDrawer.tsx';
import { fixStatus } from '../components/map/featureFacts.ts';
import { OrgTreePanel } from '../components/OrgTreePanel.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { SidePanel } from '../components/SidePanel.tsx';
import { ScreenHeader } from '../components/screen/ScreenHeader.tsx';
import { ScreenPanels } from '../components/screen/ScreenPanels.tsx';
import { ScreenStats } from '../components/screen/ScreenStats.tsx';
import { exitFullscreen } from '../hooks/useFullscreen.ts';
import { useJointPoints } from '../hooks/useJointPoints.ts';
import { useLivePositions } from '../hooks/useLivePositions.ts';
import { clearMapStateFromUrl, useHomeView, useMapState } from '../hooks/useMapState.ts';
import { useOrgPoints } from '../hooks/useOrgPoints.ts';
import { useOrgTree } from '../hooks/useOrgTree.ts';
import type { SearchResult } from '../hooks/useSearch.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useScope } from '../hooks/useStats.ts';
import { useWarningBadges } from '../hooks/useWarnings.ts';
import { useI18n, useT } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import type { JointPoint, OrgPoint } from '../lib/features.ts';
import { legendItems } from '../map/legend.ts';
import { type MapCamera, MapView } from '../map/MapView.tsx';
import { type FitCamera, withCamera, withFeature, withSearchResult, withSelection } from '../map/mapActions.ts';
import type { Selection } from '../map/state.ts';
import { MapTools } from '../map/tools/MapTools.tsx';

// Track playback draws with deck.gl, which the map loads only on demand (web/map/deck.ts).
const TrackPlayback = lazy(() =>
  import('../components/map/TrackPlayback.tsx').then((m) => ({ default: m.TrackPlayback })),
);

/** Props of {@link HomePage}. */
export interface HomePageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  /** Opened at `/screen`: the big screen (大屏) with its panels, its own shareable address. */
  screenRoute?: boolean;
}

const NO_ORGS: OrgPoint[] = [];
const NO_POINTS: JointPoint[] = [];

/**
 * The signed-in map workspace: search, organisation tree and layers on the left, the map in the
 * centre with its tools, the drawer of the selected feature on the right. With `?screen=1` the
 * same map becomes the dark big screen (大屏) with headline figures and a clock. The page owns the
 * state (kept in the URL) and the data hooks; the views only render what they get.
 */
export function HomePage({ user, onLogout, screenRoute = false }: HomePageProps) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [urlState, setState] = useMapState();
  const state = screenRoute && !urlState.screen ? { ...urlState, screen: true } : urlState;
  const [map, setMap] = useState<MaplibreMap | null>(null);
  // A secretary or member opens on their own organisations, not the whole prefecture.
  const mapReady = useHomeView(useScope(), setState, map);
  const [measuring, setMeasuring] = useState(false);
  const [track, setTrack] = useState<TrackSubject | null>(null);
  const orgs = useOrgPoints();
  const jointPoints = useJointPoints();
  const orgWarnings = useWarningBadges();
  const orgList = orgs.status === 'success' ? orgs.data : NO_ORGS;
  const pointList = jointPoints.status === 'success' ? jointPoints.data : NO_POINTS;
  // The live stream is open only while its layer is on.
  const liveOn = state.layers.includes('live');
  // The map draws from the store; positions and now change only on joins, leaves and ticks.
  const { store: liveStore, positions: livePositions, now: liveNow, status: liveStatus } = useLivePositions(liveOn);
  const liveFeed = liveOn ? liveStore : undefined;
  // Counted by the one definition of online, as the big screen counts them: the layer keeps
  // drawing a terminal that fell silent (faded), but it is no longer online.
  const liveOnline = useMemo(
    () => livePositions.filter((p) => fixStatus(p.time, liveNow) === 'online').length,
    [livePositions, liveNow],
  );
  const liveSummary = useMemo(
    () => (liveOn ? { count: liveOnline, status: liveStatus } : undefined),
    [liveOn, liveOnline, liveStatus],
  );

  const onViewChange = useCallback(
    ({ center, zoom }: MapCamera) => setState((s) => ({ ...s, center, zoom })),
    [setState],
  );
  const select = useCallback((sel: Selection | null) => setState((s) => withSelection(s, sel)), [setState]);
  const flyTo = useCallback(
    (center: [number, number], zoom?: number) => setState((s) => withCamera(s, center, zoom)),
    [setState],
  );
  const selectOrg = (id: number) =>
    setState((s) => withFeature(s, { kind: 'org', id }, orgList.find((o) => o.id === id)?.position ?? null));
  const fitBounds: FitCamera = (bbox) => {
    const camera = map?.cameraForBounds(bbox, { padding: 60, maxZoom: 15 });
    if (!camera?.center || camera.zoom === undefined) return null;
    const c = camera.center as { lng: number; lat: number };
    return { center: [c.lng, c.lat], zoom: camera.zoom };
  };
  const pick = (result: SearchResult) => setState((s) => withSearchResult(s, result, fitBounds));
  const setScreen = (screen: boolean) => {
    if (!screen) exitFullscreen();
    if (!screen && screenRoute) navigate('/');
    else setState((s) => ({ ...s, screen }));
  };
  const legend = useMemo(() => legendItems(t, state.layers), [t, state.layers]);

  function logout() {
    // The next person at this machine should not open on the previous user's view and selection.
    clearMapStateFromUrl();
    return onLogout();
  }

  const selectedOrgId = state.selection?.kind === 'org' ? state.selection.id : null;
  const dataError = orgs.status === 'error' ? orgs : jointPoints.status === 'error' ? jointPoints : null;

  // One tree for both modes, so switching to the big screen keeps the same map (restyled dark).
  return (
    <div className={state.screen ? `app app--screen${screenRoute ? ' app--dashboard' : ''}` : 'app'}>
      {state.screen ? (
        <ScreenHeader onExit={() => setScreen(false)} />
      ) : (
        <AppHeader user={user} onLogout={logout} path="/" />
      )}
      <main className="workspace workspace--map">
        {!state.screen && (
          <SidePanel
            state={state}
            onChange={setState}
            onPick={pick}
            onEnterScreen={() => setScreen(true)}
            live={liveSummary}
            tree={<TreeSection selectedId={selectedOrgId} onSelect={selectOrg} />}
          />
        )}
        {!mapReady && <section className="map-view" aria-busy="true" aria-label={t('map.view.region')} />}
        {/* Keyed by language: MapLibre takes its control labels only when the map is created. */}
        {mapReady && (
          <MapView
            key={locale}
            state={state}
            orgs={orgList}
            jointPoints={pointList}
            orgWarnings={orgWarnings}
            liveFeed={liveFeed}
            onViewChange={onViewChange}
            onSelect={select}
            onMapReady={setMap}
            picking={!measuring}
          >
            {state.screen && <ScreenStats />}
            {screenRoute && <ScreenPanels orgId={user.orgId} />}
            {dataError && (
              <div className="map-view__notice">
                <PanelStatus
                  kind="error"
                  message={t('map.view.loadError', { message: errorText(t, dataError.error) })}
                  onRetry={dataError.reload}
                />
              </div>
            )}
            <MapTools
              map={map}
              legend={legend}
              title={t('app.title')}
              onMeasuringChange={setMeasuring}
              selection={state.selection}
              onSelect={select}
            />
            {track && (
              <Suspense fallback={null}>
                <TrackPlayback
                  key={track.id}
                  member={track}
                  map={map}
                  theme={state.screen ? 'dark' : 'light'}
                  onClose={() => setTrack(null)}
                />
              </Suspense>
            )}
            <FeatureDrawer
              selection={state.selection}
              onClose={() => select(null)}
              onSelect={select}
              onFlyTo={flyTo}
              onTrack={setTrack}
            />
          </MapView>
        )}
      </main>
    </div>
  );
}

interface TreeSectionProps {
  selectedId: number | null;
  onSelect: (id: number) => void;
}

function TreeSection({ selectedId, onSelect }: TreeSectionProps) {
  const t = useT();
  const tree = useOrgTree();
  if (tree.status === 'loading') return <PanelStatus kind="loading" message={t('app.loading')} />;
  if (tree.status === 'error') {
    return (
      <PanelStatus
        kind="error"
        message={t('error.loadTree', { message: errorText(t, tree.error) })}
        onRetry={tree.reload}
      />
    );
  }
  if (!tree.data) return <PanelStatus kind="empty" message={t('tree.empty')} />;
  return <OrgTreePanel root={tree.data} selectedId={selectedId} onSelect={onSelect} />;
}
