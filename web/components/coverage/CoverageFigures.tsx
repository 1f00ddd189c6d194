import { useI18n } from '../../i18n/context.ts';
import { type CoverageResult, kmText, pointsChange } from '../../lib/coverage.ts';
import { percent } from '../portrait/labels.ts';

/** A headline number with what it counts underneath. */
function Headline({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="figure coverage-figure">
      <span className="figure__value" data-testid={testId}>
        {value}
      </span>
      <span className="figure__label">{label}</span>
      <span className="coverage-figure__detail">{detail}</span>
    </div>
  );
}

/** The base run's headline: shares of sites and border covered, what is left uncovered, blind cells. */
export function CoverageFigures({ result }: { result: CoverageResult }) {
  const { t, formatNumber } = useI18n();
  const { sites, border, grid } = result;
  const gapKm = border.gaps.reduce((s, g) => s + g.km, 0);
  return (
    <section className="figures coverage-figures" aria-label={t('coverage.figures')}>
      <Headline
        testId="coverage-sites-share"
        label={t('coverage.sitesShare')}
        value={percent(sites.share)}
        detail={t('coverage.sitesCount', { covered: formatNumber(sites.covered), total: formatNumber(sites.total) })}
      />
      <Headline
        testId="coverage-border-share"
        label={t('coverage.borderShare')}
        value={percent(border.share)}
        detail={t('coverage.borderCount', { covered: kmText(border.coveredKm), total: kmText(border.totalKm) })}
      />
      <Headline
        testId="coverage-uncovered-sites"
        label={t('coverage.uncoveredSites')}
        value={formatNumber(sites.total - sites.covered)}
        detail={t('coverage.sitesCount', {
          covered: formatNumber(sites.total - sites.covered),
          total: formatNumber(sites.total),
        })}
      />
      <Headline
        testId="coverage-gap-count"
        label={t('coverage.gapCount')}
        value={formatNumber(border.gaps.length)}
        detail={t('coverage.gapKm', { km: kmText(gapKm) })}
      />
      <Headline
        testId="coverage-blind-cells"
        label={t('coverage.blindCells')}
        value={formatNumber(grid.blind)}
        detail={t('coverage.blindOf', { cells: formatNumber(grid.cells) })}
      />
    </section>
  );
}

/** The what-if's shares beside the base run's, with the change in percentage points. */
export function WhatIfFigures({ base, next }: { base: CoverageResult; next: CoverageResult }) {
  const { t } = useI18n();
  const row = (label: string, b: number | null, n: number | null, testId: string) => {
    const change = pointsChange(b, n);
    return (
      <div className="figure coverage-figure coverage-figure--what-if">
        <span className="figure__value" data-testid={testId}>
          {percent(n)}
        </span>
        <span className="figure__label">{label}</span>
        <span className="coverage-figure__detail" data-testid={`${testId}-change`}>
          {change === null ? '—' : t('coverage.whatIf.change', { change })}
        </span>
      </div>
    );
  };
  return (
    <div className="coverage-what-if__figures">
      {row(t('coverage.whatIf.sites'), base.sites.share, next.sites.share, 'what-if-sites-share')}
      {row(t('coverage.whatIf.border'), base.border.share, next.border.share, 'what-if-border-share')}
    </div>
  );
}
