import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/context.ts';
import { type BlindSpot, blindSpots, type CoverageResult, metresAsKm } from '../../lib/coverage.ts';
import { panelLabel } from '../map/panelLabels.ts';

/** Rows shown at first, and added by "show more". */
const PAGE = 50;

/** Props of {@link BlindSpotTable}. */
export interface BlindSpotTableProps {
  result: CoverageResult;
  countyName: (code: string | null) => string;
  /** A row was chosen: fly the map to the site. */
  onFlyTo: (site: BlindSpot) => void;
  /** The site the map last flew to, marked in the table. */
  focusId: number | null;
}

/**
 * 覆盖盲区: the uncovered sites, worst first (how far beyond its radius the nearest organisation
 * is); a click on a row, or Enter on its button, flies the map to the site.
 */
export function BlindSpotTable({ result, countyName, onFlyTo, focusId }: BlindSpotTableProps) {
  const { t, formatNumber } = useI18n();
  const spots = useMemo(() => blindSpots(result.sites.items), [result]);
  const [shown, setShown] = useState(PAGE);
  if (spots.length === 0) return <p className="coverage__hint">{t('coverage.blind.none')}</p>;
  const rows = spots.slice(0, shown);
  return (
    <>
      <p className="coverage__hint">{t('coverage.blind.note')}</p>
      <div className="coverage-table">
        <table className="data-table" data-testid="coverage-blind-spots">
          <thead>
            <tr>
              <th className="num">{t('coverage.blind.rank')}</th>
              <th>{t('coverage.blind.name')}</th>
              <th>{t('coverage.blind.kind')}</th>
              <th>{t('coverage.blind.county')}</th>
              <th className="num">{t('coverage.blind.nearest')}</th>
              <th className="num">{t('coverage.blind.radius')}</th>
              <th className="num">{t('coverage.blind.severity')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s, i) => (
              <tr
                key={s.id}
                className={s.id === focusId ? 'coverage-row coverage-row--focus' : 'coverage-row'}
                onClick={() => onFlyTo(s)}
                data-site-id={s.id}
              >
                <td className="num">{i + 1}</td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('coverage.blind.flyTo', { name: s.name })}
                    onClick={(e) => {
                      e.stopPropagation();
                      onFlyTo(s);
                    }}
                  >
                    {s.name}
                  </button>
                </td>
                <td>{panelLabel(t, 'siteKind', s.kind)}</td>
                <td>{countyName(s.countyCode)}</td>
                <td className="num">{s.distanceM === null ? t('coverage.blind.noOrg') : metresAsKm(s.distanceM)}</td>
                <td className="num">{metresAsKm(s.radiusM)}</td>
                <td className="num coverage-severity">{metresAsKm(s.severityM)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="coverage-table__foot">
        <span className="coverage__muted">
          {t('coverage.blind.shown', { shown: formatNumber(rows.length), total: formatNumber(spots.length) })}
        </span>
        {spots.length > shown && (
          <button type="button" className="button button--secondary" onClick={() => setShown(shown + PAGE)}>
            {t('coverage.blind.more', { n: formatNumber(Math.min(PAGE, spots.length - shown)) })}
          </button>
        )}
      </div>
    </>
  );
}
