import type { RunState } from '../../hooks/useCoverage.ts';
import { useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import type { CoverageResult, WhatIfKind, WhatIfPoint } from '../../lib/coverage.ts';
import { WHAT_IF_COLOR } from '../../map/layers/coverage.ts';
import { Swatch } from '../map/Legend.tsx';
import { WhatIfFigures } from './CoverageFigures.tsx';

/** What a click on the map adds: nothing, or a point of this kind. */
export type PlacingMode = 'off' | WhatIfKind;

/** Props of {@link WhatIfPanel}. */
export interface WhatIfPanelProps {
  /** Off until a base run exists (a what-if is a change against it). */
  enabled: boolean;
  mode: PlacingMode;
  onMode: (mode: PlacingMode) => void;
  points: readonly WhatIfPoint[];
  onRemove: (id: number) => void;
  onClear: () => void;
  /** The what-if rerun. */
  state: RunState;
  base: CoverageResult | null;
  /** The latest finished what-if result. */
  next: CoverageResult | null;
  /** Why the last click added nothing. */
  notice: string | null;
}

/**
 * 假设分析: choose what a click on the map adds (a hypothetical organisation or joint point),
 * list and remove the points, and read the shares they would give against the base run. The
 * points are only sent with the rerun; nothing is stored.
 */
export function WhatIfPanel({
  enabled,
  mode,
  onMode,
  points,
  onRemove,
  onClear,
  state,
  base,
  next,
  notice,
}: WhatIfPanelProps) {
  const { t } = useI18n();
  const kindLabel = (kind: WhatIfKind) => t(`coverage.whatIf.${kind}`);
  const numbered = numberPoints(points);
  return (
    <section className="coverage-what-if" aria-label={t('coverage.whatIf')} data-state={state.status}>
      <p className="coverage__hint">{enabled ? t('coverage.whatIf.hint') : t('coverage.whatIf.needsRun')}</p>
      <fieldset className="coverage-controls__group" disabled={!enabled}>
        <legend>{t('coverage.whatIf.mode')}</legend>
        {(['off', 'org', 'joint_point'] as const).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="what-if-mode" checked={mode === m} onChange={() => onMode(m)} />
            {m === 'off' ? t('coverage.whatIf.off') : kindLabel(m)}
          </label>
        ))}
      </fieldset>
      {notice && (
        <p role="alert" className="form-error">
          {notice}
        </p>
      )}
      {points.length === 0 ? (
        enabled && <p className="coverage__hint">{t('coverage.whatIf.none')}</p>
      ) : (
        <>
          <ul className="coverage-what-if__points" aria-label={t('coverage.whatIf.points')}>
            {numbered.map(({ point, n }) => (
              <li key={point.id}>
                <Swatch shape="point" color={WHAT_IF_COLOR[point.kind]} />
                <span>
                  {t('coverage.whatIf.point', { kind: kindLabel(point.kind), n })}
                  <span className="coverage__coords">
                    {point.lon.toFixed(4)}, {point.lat.toFixed(4)}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button--ghost coverage__icon-button"
                  aria-label={t('coverage.whatIf.remove', { kind: kindLabel(point.kind), n })}
                  onClick={() => onRemove(point.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="button button--secondary" onClick={onClear} data-testid="what-if-clear">
            {t('coverage.whatIf.clear')}
          </button>
        </>
      )}
      {points.length > 0 && state.status === 'running' && (
        <p className="coverage__hint" role="status">
          {t('coverage.whatIf.running')}
        </p>
      )}
      {points.length > 0 && state.status === 'error' && (
        <p role="alert" className="form-error">
          {t('coverage.whatIf.error', { message: errorText(t, state.error) })}
        </p>
      )}
      {points.length > 0 && base && next && (
        <>
          <WhatIfFigures base={base} next={next} />
          <p className="coverage__hint">{t('coverage.whatIf.shown')}</p>
        </>
      )}
    </section>
  );
}

/** Each point with its number among the points of its kind (假设组织 1, 2 …; 假设联建点 1 …). */
function numberPoints(points: readonly WhatIfPoint[]): { point: WhatIfPoint; n: number }[] {
  const seen: Record<WhatIfKind, number> = { org: 0, joint_point: 0 };
  return points.map((point) => {
    seen[point.kind] += 1;
    return { point, n: seen[point.kind] };
  });
}
