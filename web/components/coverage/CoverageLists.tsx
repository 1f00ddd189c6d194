import { useI18n } from '../../i18n/context.ts';
import { type CoverageResult, gapAnchor, gapMarkers, kmText, type Recommendation } from '../../lib/coverage.ts';
import { percent } from '../portrait/labels.ts';

/** Props of {@link GapList}. */
export interface GapListProps {
  result: CoverageResult;
  countyName: (code: string | null) => string;
  onFlyTo: (position: [number, number]) => void;
}

/** The uncovered border stretches with their km markers, in the border's order; each flies the map there. */
export function GapList({ result, countyName, onFlyTo }: GapListProps) {
  const { t } = useI18n();
  const { gaps, segments } = result.border;
  if (gaps.length === 0) return <p className="coverage__hint">{t('coverage.gaps.none')}</p>;
  return (
    <>
      <p className="coverage__hint">{t('coverage.gaps.note')}</p>
      <ol className="coverage-list" data-testid="coverage-gaps">
        {gaps.map((gap) => {
          const anchor = gapAnchor(gap, segments);
          const markers = gapMarkers(gap);
          return (
            <li key={`${gap.countyCode}:${gap.fromKm}`}>
              <button
                type="button"
                className="coverage-list__item"
                disabled={!anchor}
                onClick={() => anchor && onFlyTo(anchor)}
              >
                <strong className="coverage-gap__markers">{markers}</strong>
                <span>{t('coverage.gaps.length', { km: kmText(gap.km) })}</span>
                <span className="coverage__muted">{countyName(gap.countyCode)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** Props of {@link PickList}. */
export interface PickListProps {
  result: CoverageResult;
  countyName: (code: string | null) => string;
  onFlyTo: (position: [number, number]) => void;
  /** Adds the recommendation to the what-if; absent while no what-if is possible. */
  onAddWhatIf?: (pick: Recommendation) => void;
}

/**
 * The k recommended new sites in the greedy order with what each adds and the running total,
 * then how far greedy is from the exact optimum (when it was computed).
 */
export function PickList({ result, countyName, onFlyTo, onAddWhatIf }: PickListProps) {
  const { t, formatNumber } = useI18n();
  const { picks } = result.recommendations;
  return (
    <>
      {picks.length === 0 ? (
        <p className="coverage__hint">{t('coverage.picks.none')}</p>
      ) : (
        <ol className="coverage-list" data-testid="coverage-picks">
          {picks.map((p) => (
            <li key={p.rank} className="coverage-pick">
              <button
                type="button"
                className="coverage-list__item"
                aria-label={t('coverage.picks.flyTo', { n: p.rank })}
                onClick={() => onFlyTo([p.lon, p.lat])}
              >
                <span className="coverage-pick__rank" aria-hidden="true">
                  {p.rank}
                </span>
                <span className="coverage-pick__body">
                  <strong data-testid="coverage-pick-gain">
                    {t('coverage.picks.gain', { sites: formatNumber(p.gainSites), km: kmText(p.gainBorderKm) })}
                  </strong>
                  <span className="coverage__muted">
                    {t('coverage.picks.total', { sites: formatNumber(p.totalSites), km: kmText(p.totalBorderKm) })}
                  </span>
                  <span className="coverage__muted">
                    {countyName(p.countyCode)} ·{' '}
                    {t(p.source === 'site' ? 'coverage.picks.site' : 'coverage.picks.cell')} · {p.lon.toFixed(4)},{' '}
                    {p.lat.toFixed(4)}
                  </span>
                </span>
              </button>
              {onAddWhatIf && (
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={t('coverage.whatIf.addLabel', { n: p.rank })}
                  onClick={() => onAddWhatIf(p)}
                >
                  {t('coverage.whatIf.add')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <ExactGap result={result} />
    </>
  );
}

/** Greedy's objective against the exact optimum (HiGHS), or why there is none. */
function ExactGap({ result }: { result: CoverageResult }) {
  const { t } = useI18n();
  const { greedy, exact, weightBorderKm } = result.recommendations;
  return (
    <div className="coverage-exact" data-testid="coverage-exact">
      <h4 className="coverage__subtitle">{t('coverage.exact')}</h4>
      {exact ? (
        <>
          <p>
            <strong>{t('coverage.exact.gap', { gap: percent(exact.gap) })}</strong>
          </p>
          <p className="coverage__muted">
            {t('coverage.exact.values', {
              greedy: kmText(greedy),
              optimum: kmText(exact.objective),
              status: exact.status,
              seconds: exact.seconds,
            })}
          </p>
        </>
      ) : (
        <p className="coverage__muted">{t('coverage.exact.none')}</p>
      )}
      <p className="coverage__hint">{t('coverage.exact.objective', { weight: weightBorderKm })}</p>
    </div>
  );
}
