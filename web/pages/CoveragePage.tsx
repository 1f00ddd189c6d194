import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AppHeader } from '../components/AppHeader.tsx';
import { BlindSpotTable } from '../components/coverage/BlindSpotTable.tsx';
import { CoverageControls } from '../components/coverage/CoverageControls.tsx';
import { CoverageFigures } from '../components/coverage/CoverageFigures.tsx';
import { GapList, PickList } from '../components/coverage/CoverageLists.tsx';
import { CoverageOverlay } from '../components/coverage/CoverageOverlay.tsx';
import { CoverageExports, CoveragePlans } from '../components/coverage/CoveragePlans.tsx';
import { type PlacingMode, WhatIfPanel } from '../components/coverage/WhatIfPanel.tsx';
import { OrgSelect } from '../components/OrgSelect.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { Card } from '../components/portrait/Card.tsx';
import { useCounties } from '../hooks/useCounties.ts';
import { useCoverageRun } from '../hooks/useCoverage.ts';
import { useJointPoints } from '../hooks/useJointPoints.ts';
import { useOrgPoints } from '../hooks/useOrgPoints.ts';
import { idParam, useQueryParams } from '../hooks/useQueryParams.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import {
  type CoverageControls as Controls,
  coverageRequest,
  DEFAULT_CONTROLS,
  gridRadiusM,
  inAnalysisArea,
  kmText,
  type Recommendation,
  recommendationKinds,
  resultBounds,
  WHAT_IF_LIMIT,
  type WhatIfKind,
  type WhatIfPoint,
  whatIfRequest,
} from '../lib/coverage.ts';
import type { JointPoint, OrgPoint } from '../lib/features.ts';
import { type MapCamera, MapView } from '../map/MapView.tsx';
import { DEFAULT_STATE, type MapState } from '../map/state.ts';
import './portrait.css';
import './analysis.css';
import './coverage.css';

/** Props of {@link CoveragePage}. */
export interface CoveragePageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  path: string;
}

/**
 * 规划 · 覆盖分析 at `/coverage?org=<id>`: run the coverage analysis of a subtree (DESIGN §5) with
 * chosen radii and kinds, see uncovered sites, border gaps with their km markers, the distance
 * grid and the recommended new sites on the map, list the blind spots, export, save and compare
 * plans, and try what-if organisations and joint points without storing them.
 */
export function CoveragePage({ user, onLogout, path }: CoveragePageProps) {
  const { t } = useI18n();
  const [params, setParams] = useQueryParams();
  const org = idParam(params.get('org')) ?? user.orgId;
  return (
    <div className="app app--page">
      <AppHeader user={user} onLogout={onLogout} path={path} />
      <main className="page coverage">
        <header className="analysis__header">
          <div>
            <h2>{t('coverage.title')}</h2>
            <p className="analysis__meta">{t('coverage.intro')}</p>
          </div>
          <OrgSelect
            value={org}
            onChange={(id) => setParams({ org: id === null ? null : String(id) })}
            label={t('coverage.scope')}
            testId="coverage-org"
          />
        </header>
        {/* Keyed by the organisation: another subtree starts from a clean slate. */}
        <Planner key={org} org={org} />
      </main>
    </div>
  );
}

const NO_ORGS: OrgPoint[] = [];
const NO_POINTS: JointPoint[] = [];
/** Zoom the map flies to for one site or stretch. */
const FOCUS_ZOOM = 12;

function Planner({ org }: { org: number }) {
  const { t, locale, formatDate } = useI18n();
  const [controls, setControls] = useState<Controls>(DEFAULT_CONTROLS);
  const base = useCoverageRun();
  const whatIf = useCoverageRun();
  const [points, setPoints] = useState<WhatIfPoint[]>([]);
  const nextPointId = useRef(1);
  const [mode, setMode] = useState<PlacingMode>('off');
  const [notice, setNotice] = useState<string | null>(null);
  const [camera, setCamera] = useState<MapCamera>({ center: DEFAULT_STATE.center, zoom: DEFAULT_STATE.zoom });
  const [focus, setFocus] = useState<{ position: [number, number]; siteId: number | null } | null>(null);
  const [map, setMap] = useState<MaplibreMap | null>(null);
  const mapBox = useRef<HTMLDivElement>(null);
  const orgs = useOrgPoints();
  const jointPoints = useJointPoints();
  const counties = useCounties();

  const baseRun = base.last;
  const { run: runWhatIf, reset: resetWhatIf } = whatIf;
  // Every change of the points or of the base run reruns the what-if against the base's parameters.
  useEffect(() => {
    if (!baseRun || points.length === 0) resetWhatIf();
    else runWhatIf(whatIfRequest(baseRun.request, points));
  }, [baseRun, points, runWhatIf, resetWhatIf]);

  // The first finished run frames its sites and border; later runs keep the user's view.
  const framed = useRef(false);
  useEffect(() => {
    if (!map || !baseRun || framed.current) return;
    framed.current = true;
    const bounds = resultBounds(baseRun.result);
    const fit = bounds && map.cameraForBounds(bounds, { padding: 40, maxZoom: FOCUS_ZOOM });
    if (!fit?.center || fit.zoom === undefined) return;
    const c = fit.center as { lng: number; lat: number };
    setCamera({ center: [c.lng, c.lat], zoom: fit.zoom });
  }, [map, baseRun]);

  const whatIfRun = points.length > 0 ? whatIf.last : null;
  const shown = whatIfRun ?? baseRun;

  const addPoints = useCallback(
    (kinds: readonly WhatIfKind[], lon: number, lat: number) => {
      if (!inAnalysisArea(lon, lat)) {
        setNotice(t('coverage.whatIf.outside'));
        return;
      }
      if (kinds.some((kind) => points.filter((p) => p.kind === kind).length >= WHAT_IF_LIMIT)) {
        setNotice(t('coverage.whatIf.limit', { n: WHAT_IF_LIMIT }));
        return;
      }
      setNotice(null);
      const added = kinds.map((kind) => ({ id: nextPointId.current++, kind, lon, lat }));
      setPoints([...points, ...added]);
    },
    [points, t],
  );

  // While placing, a click on the map adds a point there (MapView's own picking is off) and Esc stops.
  useEffect(() => {
    if (!map || mode === 'off') return;
    const onClick = (e: MapMouseEvent) => addPoints([mode], e.lngLat.lng, e.lngLat.lat);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMode('off');
    };
    map.on('click', onClick);
    window.addEventListener('keydown', onKey);
    return () => {
      map.off('click', onClick);
      window.removeEventListener('keydown', onKey);
    };
  }, [map, mode, addPoints]);

  const flyTo = useCallback((position: [number, number], siteId: number | null = null) => {
    setFocus({ position, siteId });
    setCamera({ center: position, zoom: FOCUS_ZOOM });
    mapBox.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const countyName = useMemo(() => {
    const names = new Map(counties.status === 'success' ? counties.data.map((c) => [c.code, c.name]) : []);
    return (code: string | null) => (code === null ? '—' : (names.get(code) ?? code));
  }, [counties]);

  // The map shows the zones that counted in the run on screen (none when no zone kind counted);
  // the coverage layers draw the border themselves, segment by segment.
  const zoneKinds = shown?.request.zoneKinds ?? controls.zoneKinds;
  const mapState = useMemo<MapState>(
    () => ({
      ...DEFAULT_STATE,
      center: camera.center,
      zoom: camera.zoom,
      layers: ['admin', ...(zoneKinds.length > 0 ? (['zones'] as const) : []), 'orgs', 'joint_points'],
      filters: { ...DEFAULT_STATE.filters, zoneKinds: [...zoneKinds] },
    }),
    [camera, zoneKinds],
  );
  const ignoreSelection = useCallback(() => {}, []);

  // "2026年12月3日 R5 Rb10": the base run's day and radii, unless the user names the plan.
  const planName = baseRun
    ? `${formatDate(baseRun.result.params.date)} R${kmText(gridRadiusM(baseRun.result) / 1000)} Rb${kmText(baseRun.result.params.borderRadiusM / 1000)}`
    : '';
  const addRecommendation = (pick: Recommendation) => addPoints(recommendationKinds(pick), pick.lon, pick.lat);

  return (
    <div className="coverage__layout">
      <aside className="coverage__side">
        <Card title={t('coverage.controls')}>
          <CoverageControls
            value={controls}
            onChange={setControls}
            onRun={() => base.run(coverageRequest(controls, org))}
            state={base.state}
          />
          {base.state.status === 'error' && (
            <p role="alert" className="form-error">
              {t('coverage.error', { message: errorText(t, base.state.error) })}
            </p>
          )}
        </Card>
        <Card title={t('coverage.whatIf')}>
          <WhatIfPanel
            enabled={baseRun !== null}
            mode={mode}
            onMode={setMode}
            points={points}
            onRemove={(id) => setPoints(points.filter((p) => p.id !== id))}
            onClear={() => {
              setPoints([]);
              setNotice(null);
            }}
            state={whatIf.state}
            base={baseRun?.result ?? null}
            next={whatIfRun?.result ?? null}
            notice={notice}
          />
        </Card>
      </aside>
      <div className="coverage__main">
        {baseRun ? (
          <>
            <p className="analysis__meta" data-testid="coverage-as-of">
              {t('coverage.asOf', { org: baseRun.result.org.name, day: formatDate(baseRun.result.params.date) })}
            </p>
            <CoverageFigures result={baseRun.result} />
          </>
        ) : (
          base.state.status !== 'running' && <PanelStatus kind="empty" message={t('coverage.empty')} />
        )}
        <div
          ref={mapBox}
          className={mode === 'off' ? 'coverage__map' : 'coverage__map coverage__map--placing'}
          data-testid="coverage-map"
        >
          {/* Keyed by language: MapLibre takes its control labels only when the map is created. */}
          <MapView
            key={locale}
            state={mapState}
            orgs={orgs.status === 'success' ? orgs.data : NO_ORGS}
            jointPoints={jointPoints.status === 'success' ? jointPoints.data : NO_POINTS}
            onViewChange={setCamera}
            onSelect={ignoreSelection}
            onMapReady={setMap}
            picking={mode === 'off'}
          >
            {shown && <CoverageOverlay result={shown.result} whatIf={points} focus={focus?.position ?? null} />}
            {mode !== 'off' && (
              <div className="map-view__notice coverage-placing" role="status">
                <span>{t('coverage.whatIf.placing', { kind: t(`coverage.whatIf.${mode}`) })}</span>
                <button type="button" className="button button--secondary" onClick={() => setMode('off')}>
                  {t('coverage.whatIf.stop')}
                </button>
              </div>
            )}
          </MapView>
        </div>
      </div>
      {shown && (
        <div className="coverage__results">
          <div className="card-grid">
            <Card title={t('coverage.gaps')}>
              <GapList result={shown.result} countyName={countyName} onFlyTo={(p) => flyTo(p)} />
            </Card>
            <Card title={t('coverage.picks')}>
              <PickList
                result={shown.result}
                countyName={countyName}
                onFlyTo={(p) => flyTo(p)}
                onAddWhatIf={addRecommendation}
              />
            </Card>
            {baseRun && (
              <Card title={t('coverage.plans')}>
                <h4 className="coverage__subtitle">{t('coverage.export')}</h4>
                <CoverageExports runId={baseRun.id} />
                <p className="coverage__hint">{t('coverage.export.note')}</p>
                <CoveragePlans runId={baseRun.id} defaultName={planName} />
              </Card>
            )}
            <Card title={t('coverage.blind')} wide>
              <BlindSpotTable
                key={shown.id}
                result={shown.result}
                countyName={countyName}
                focusId={focus?.siteId ?? null}
                onFlyTo={(s) => flyTo([s.lon, s.lat], s.id)}
              />
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}
