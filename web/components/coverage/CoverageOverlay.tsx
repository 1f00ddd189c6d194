import { useEffect, useMemo, useState } from 'react';
import { type Translate, useI18n } from '../../i18n/context.ts';
import {
  type CoverageResult,
  DISTANCE_RAMP,
  gapAnchor,
  gapMarkers,
  gridRadiusM,
  kmText,
  metresAsKm,
  type WhatIfPoint,
} from '../../lib/coverage.ts';
import {
  COVERED_COLOR,
  type CoverageHover,
  type CoverageLabel,
  type CoverageLayerSwitches,
  coverageLayers,
  PICK_COLOR,
  PICK_RIM_COLOR,
  type PickMark,
  UNCOVERED_COLOR,
} from '../../map/layers/coverage.ts';
import { useOverlayLayers } from '../../map/overlayLayers.ts';
import { mapTheme } from '../../map/theme.ts';
import { Swatch } from '../map/Legend.tsx';
import { panelLabel } from '../map/panelLabels.ts';

/** Props of {@link CoverageOverlay}. */
export interface CoverageOverlayProps {
  result: CoverageResult;
  whatIf: readonly WhatIfPoint[];
  /** Where the map last flew to from a list. */
  focus: [number, number] | null;
}

const THEME = mapTheme('light');

/**
 * The result drawn over the map (a MapView child: its deck.gl layers go in through
 * useOverlayLayers), with a tooltip for what the pointer is over and a folding legend whose
 * entries switch their layers on and off.
 */
export function CoverageOverlay({ result, whatIf, focus }: CoverageOverlayProps) {
  const { t, formatNumber } = useI18n();
  const [show, setShow] = useState<CoverageLayerSwitches>({ grid: true, sites: true, border: true, picks: true });
  const [hover, setHover] = useState<CoverageHover | null>(null);
  // A tooltip over the previous result would describe what is no longer drawn.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `result` is the trigger, not a value read here.
  useEffect(() => setHover(null), [result]);

  const gapLabels = useMemo<CoverageLabel[]>(
    () =>
      result.border.gaps.flatMap((gap) => {
        const position = gapAnchor(gap, result.border.segments);
        return position ? [{ position, text: gapMarkers(gap) }] : [];
      }),
    [result],
  );
  const picks = useMemo<PickMark[]>(
    () =>
      result.recommendations.picks.map((pick) => ({
        pick,
        position: [pick.lon, pick.lat],
        text: t('coverage.picks.mapLabel', { sites: formatNumber(pick.gainSites), km: kmText(pick.gainBorderKm) }),
      })),
    [result, t, formatNumber],
  );
  const reachM = useMemo(() => ({ org: gridRadiusM(result), joint_point: result.params.borderRadiusM }), [result]);
  const layers = useMemo(
    () => coverageLayers({ result, gapLabels, picks, whatIf, reachM, focus, show, theme: THEME, onHover: setHover }),
    [result, gapLabels, picks, whatIf, reachM, focus, show],
  );
  useOverlayLayers('coverage', layers);

  const toggle = (key: keyof CoverageLayerSwitches) => (
    <label className="check">
      <input type="checkbox" checked={show[key]} onChange={(e) => setShow({ ...show, [key]: e.target.checked })} />
      {t(`coverage.layer.${key}`)}
    </label>
  );

  return (
    <>
      {hover && (
        <div
          className="map-tooltip"
          style={{ transform: `translate(${hover.x + 14}px, ${hover.y + 14}px)` }}
          aria-hidden="true"
        >
          <Tooltip lines={tooltipLines(t, hover)} />
        </div>
      )}
      {/* Folds away when it hides what is under it. */}
      <details className="map-panel coverage-legend" open>
        <summary className="map-panel__title">{t('coverage.layers')}</summary>
        {toggle('sites')}
        <ul className="legend">
          <li className="legend__item">
            <Swatch shape="point" color={COVERED_COLOR} />
            {t('coverage.legend.covered')}
          </li>
          <li className="legend__item">
            <Swatch shape="point" color={UNCOVERED_COLOR} />
            {t('coverage.legend.uncovered')}
          </li>
        </ul>
        {toggle('border')}
        <ul className="legend">
          <li className="legend__item">
            <Swatch shape="line" color={COVERED_COLOR} />
            {t('coverage.legend.covered')}
          </li>
          <li className="legend__item">
            <Swatch shape="line" color={UNCOVERED_COLOR} />
            {t('coverage.legend.uncovered')}
          </li>
        </ul>
        {toggle('picks')}
        <ul className="legend">
          <li className="legend__item">
            <span
              className="swatch swatch--point"
              style={{ background: PICK_COLOR, outline: `1.5px solid ${PICK_RIM_COLOR}` }}
            />
            {t('coverage.layer.picks')}
          </li>
        </ul>
        {toggle('grid')}
        <DistanceRamp radiusM={reachM.org} label={t('coverage.legend.distance')} />
        <ul className="legend">
          <li className="legend__item">
            <Swatch shape="area" color={PICK_RIM_COLOR} />
            {t('coverage.legend.blind')}
          </li>
        </ul>
      </details>
    </>
  );
}

/** The first line bold (what it is), the others below (its state and distances). */
function Tooltip({ lines: [head, ...rest] }: { lines: string[] }) {
  return (
    <>
      <strong className="map-tooltip__name">{head}</strong>
      {rest.map((line) => (
        <span key={line} className="map-tooltip__kind">
          {line}
        </span>
      ))}
    </>
  );
}

/** The grid's colour ramp with its stops in km (multiples of the radius). */
function DistanceRamp({ radiusM, label }: { radiusM: number; label: string }) {
  const stops = DISTANCE_RAMP.map((s) => `rgb(${s.color.join(' ')}) ${(s.ratio / 4) * 100}%`).join(', ');
  return (
    <figure className="coverage-ramp" aria-label={label}>
      <figcaption>{label}</figcaption>
      <div className="coverage-ramp__bar" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <div className="coverage-ramp__ticks">
        {DISTANCE_RAMP.map((s) => (
          <span key={s.ratio} style={{ left: `${(s.ratio / 4) * 100}%` }}>
            {kmText((s.ratio * radiusM) / 1000)}
          </span>
        ))}
      </div>
    </figure>
  );
}

/** What the tooltip says about a site, cell, border segment or recommendation. */
function tooltipLines(t: Translate, { target }: CoverageHover): string[] {
  if (target.kind === 'site') {
    const s = target.site;
    const state = s.covered === true ? t('coverage.tooltip.covered') : t('coverage.tooltip.uncovered');
    const radius = metresAsKm(s.radiusM);
    const hypothetical = s.hypotheticalM !== null && (s.nearestOrgM === null || s.hypotheticalM < s.nearestOrgM);
    const nearest = hypothetical
      ? t('coverage.tooltip.hypothetical', { km: metresAsKm(s.hypotheticalM), radius })
      : s.nearestOrgM === null
        ? t('coverage.tooltip.noOrg')
        : t('coverage.tooltip.nearest', { km: metresAsKm(s.nearestOrgM), radius });
    return [
      s.name,
      `${panelLabel(t, 'siteKind', s.kind)} · ${state}`,
      s.zoneId !== null ? t('coverage.tooltip.inZone') : nearest,
    ];
  }
  if (target.kind === 'cell') {
    const c = target.cell;
    const lines = [t('coverage.tooltip.cell', { km: metresAsKm(c.nearestOrgM) })];
    if (c.blind) lines.push(t('coverage.tooltip.blind'));
    if (c.uncoveredSites > 0) lines.push(t('coverage.tooltip.cellSites', { n: c.uncoveredSites }));
    return lines;
  }
  if (target.kind === 'segment') {
    const s = target.segment;
    return [
      t('coverage.tooltip.segment', { markers: gapMarkers(s) }),
      s.covered === true ? t('coverage.tooltip.covered') : t('coverage.tooltip.uncovered'),
    ];
  }
  const p = target.pick;
  return [
    `${t('coverage.picks')} ${p.rank}`,
    t('coverage.picks.gain', { sites: p.gainSites, km: kmText(p.gainBorderKm) }),
  ];
}
