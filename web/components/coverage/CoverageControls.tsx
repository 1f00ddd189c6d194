import { type FormEvent, useId } from 'react';
import type { RunState } from '../../hooks/useCoverage.ts';
import { useI18n } from '../../i18n/context.ts';
import { isMessageKey } from '../../i18n/messages.ts';
import { CELL_SIZES_KM, type CoverageControls as Controls, kmText } from '../../lib/coverage.ts';
import { SITE_KINDS, ZONE_KINDS } from '../../map/state.ts';
import { panelLabel } from '../map/panelLabels.ts';

/** Props of {@link CoverageControls}. */
export interface CoverageControlsProps {
  value: Controls;
  onChange: (next: Controls) => void;
  onRun: () => void;
  /** The base run, for the button and the progress bar. */
  state: RunState;
}

/** A slider in kilometres with its value beside the label. */
function KmSlider({
  label,
  hint,
  value,
  min,
  max,
  step,
  onChange,
  testId,
}: {
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (km: number) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const text = t('coverage.km', { n: kmText(value) });
  return (
    <div className="coverage-slider">
      <label htmlFor={id}>
        {label} <output htmlFor={id}>{text}</output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={text}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid={testId}
      />
      <p id={`${id}-hint`} className="coverage__hint">
        {hint}
      </p>
    </div>
  );
}

/** Adds or removes `item`, keeping the order of `all`. */
function toggled<T extends string>(all: readonly T[], chosen: readonly T[], item: T, on: boolean): T[] {
  return all.filter((x) => (x === item ? on : chosen.includes(x)));
}

/**
 * The planner's parameters: R and Rb as sliders, the zone kinds that cover and the site kinds
 * analysed as checkboxes, k and the grid size; the Run button and, while a run computes, its
 * progress (a job's steps as the server reports them).
 */
export function CoverageControls({ value, onChange, onRun, state }: CoverageControlsProps) {
  const { t } = useI18n();
  const kId = useId();
  const cellId = useId();
  const running = state.status === 'running';
  const noSites = value.siteKinds.length === 0;
  const set = (patch: Partial<Controls>) => onChange({ ...value, ...patch });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!noSites) onRun();
  }

  return (
    <form className="coverage-controls" onSubmit={submit} aria-label={t('coverage.controls')}>
      <KmSlider
        label={t('coverage.siteRadius')}
        hint={t('coverage.siteRadiusHint')}
        value={value.siteRadiusKm}
        min={0.5}
        max={30}
        step={0.5}
        onChange={(siteRadiusKm) => set({ siteRadiusKm })}
        testId="coverage-site-radius"
      />
      <KmSlider
        label={t('coverage.borderRadius')}
        hint={t('coverage.borderRadiusHint')}
        value={value.borderRadiusKm}
        min={1}
        max={50}
        step={1}
        onChange={(borderRadiusKm) => set({ borderRadiusKm })}
        testId="coverage-border-radius"
      />
      <fieldset className="coverage-controls__group">
        <legend>{t('coverage.zoneKinds')}</legend>
        {ZONE_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={value.zoneKinds.includes(kind)}
              onChange={(e) => set({ zoneKinds: toggled(ZONE_KINDS, value.zoneKinds, kind, e.target.checked) })}
            />
            {panelLabel(t, 'zoneKind', kind)}
          </label>
        ))}
      </fieldset>
      <fieldset className="coverage-controls__group">
        <legend>{t('coverage.siteKinds')}</legend>
        {SITE_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={value.siteKinds.includes(kind)}
              onChange={(e) => set({ siteKinds: toggled(SITE_KINDS, value.siteKinds, kind, e.target.checked) })}
            />
            {panelLabel(t, 'siteKind', kind)}
          </label>
        ))}
        {noSites && (
          <p role="alert" className="form-error">
            {t('coverage.noSiteKind')}
          </p>
        )}
      </fieldset>
      <div className="coverage-controls__row">
        <label htmlFor={kId}>{t('coverage.k')}</label>
        <input
          id={kId}
          type="number"
          min={0}
          max={20}
          step={1}
          value={value.k}
          onChange={(e) => set({ k: Math.max(0, Math.min(20, Math.round(Number(e.target.value) || 0))) })}
          data-testid="coverage-k"
        />
      </div>
      <div className="coverage-controls__row">
        <label htmlFor={cellId}>{t('coverage.cellKm')}</label>
        <select id={cellId} value={value.cellKm} onChange={(e) => set({ cellKm: Number(e.target.value) })}>
          {CELL_SIZES_KM.map((km) => (
            <option key={km} value={km}>
              {t('coverage.km', { n: kmText(km) })}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="button button--primary button--block"
        disabled={running || noSites}
        data-testid="coverage-run"
      >
        {running ? t('coverage.running') : t('coverage.run')}
      </button>
      {running && <RunProgress progress={state.progress} step={state.step} />}
    </form>
  );
}

/** A job's progress: a bar (indeterminate until the server reports a step) and the step's name. */
export function RunProgress({ progress, step }: { progress: number; step: string | null }) {
  const { t } = useI18n();
  const stepKey = `coverage.step.${step}`;
  const percent = `${Math.round(progress * 100)}%`;
  return (
    <div className="coverage-progress" data-testid="coverage-progress">
      <progress max={1} value={step ? progress : undefined} aria-label={t('coverage.progress')} />
      <p className="coverage__hint" role="status">
        {step && isMessageKey(stepKey)
          ? t('coverage.progressStep', { step: t(stepKey), percent })
          : t('coverage.progressWaiting')}
      </p>
    </div>
  );
}
