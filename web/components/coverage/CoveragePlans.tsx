import { type FormEvent, useId, useState } from 'react';
import { compareCoverageRuns, saveCoveragePlan, useCoveragePlans } from '../../hooks/useCoverage.ts';
import { useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { type CoverageComparison, exportHref, kmText, pointsChange } from '../../lib/coverage.ts';
import { PanelStatus } from '../PanelStatus.tsx';
import { percent } from '../portrait/labels.ts';

/** The base run's downloads (plain links: the browser saves them under the server's names). */
export function CoverageExports({ runId }: { runId: number }) {
  const { t } = useI18n();
  return (
    <div className="coverage-exports">
      <a className="button button--secondary" href={exportHref(runId, 'geojson')} download data-testid="export-geojson">
        {t('coverage.export.geojson')}
      </a>
      <a className="button button--secondary" href={exportHref(runId, 'xlsx')} download>
        {t('coverage.export.xlsx')}
      </a>
      <a className="button button--secondary" href={exportHref(runId, 'csv')} download>
        {t('coverage.export.csv')}
      </a>
    </div>
  );
}

/** Props of {@link CoveragePlans}. */
export interface CoveragePlansProps {
  /** The base run a new plan would keep; null before any run. */
  runId: number | null;
  /** Offered as the new plan's name. */
  defaultName: string;
}

/** Save the base run as a named plan; compare two saved plans' headline figures. */
export function CoveragePlans({ runId, defaultName }: CoveragePlansProps) {
  const { t, formatDate } = useI18n();
  const plans = useCoveragePlans();
  const nameId = useId();
  const aId = useId();
  const bId = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [comparison, setComparison] = useState<CoverageComparison | null>(null);
  const [compareError, setCompareError] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (runId === null) return;
    const planName = name.trim() || defaultName;
    setBusy(true);
    setNotice(null);
    try {
      await saveCoveragePlan(planName, runId);
      setNotice({ ok: true, text: t('coverage.plans.saved', { name: planName }) });
      setName('');
      plans.reload();
    } catch (err) {
      setNotice({ ok: false, text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  async function compare(e: FormEvent) {
    e.preventDefault();
    setComparison(null);
    setCompareError(null);
    if (!a || !b || a === b) {
      setCompareError(t('coverage.plans.same'));
      return;
    }
    try {
      setComparison(await compareCoverageRuns(Number(a), Number(b)));
    } catch (err) {
      setCompareError(errorText(t, err));
    }
  }

  const list = plans.status === 'success' ? plans.data : [];
  const option = (p: (typeof list)[number]) => (
    <option key={p.id} value={p.runId}>
      {t('coverage.plans.option', {
        name: p.name,
        date: p.date ? formatDate(p.date) : '—',
        sites: percent(p.sitesShare),
        border: percent(p.borderShare),
      })}
    </option>
  );

  return (
    <div className="coverage-plans">
      <form className="coverage-plans__save" onSubmit={save}>
        <label htmlFor={nameId}>{t('coverage.plans.name')}</label>
        <input
          id={nameId}
          value={name}
          maxLength={100}
          placeholder={defaultName}
          onChange={(e) => setName(e.target.value)}
          data-testid="plan-name"
        />
        <button type="submit" className="button button--primary" disabled={runId === null || busy}>
          {t('coverage.plans.save')}
        </button>
      </form>
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'coverage__hint' : 'form-error'}>
          {notice.text}
        </p>
      )}
      {plans.status === 'loading' && <PanelStatus kind="loading" message={t('app.loading')} />}
      {plans.status === 'error' && (
        <PanelStatus kind="error" message={errorText(t, plans.error)} onRetry={plans.reload} />
      )}
      {plans.status === 'success' && list.length === 0 && <p className="coverage__hint">{t('coverage.plans.none')}</p>}
      {list.length > 0 && (
        <form className="coverage-plans__compare" onSubmit={compare}>
          <label htmlFor={aId}>{t('coverage.plans.a')}</label>
          <select id={aId} value={a} onChange={(e) => setA(e.target.value)} data-testid="plan-a">
            <option value="">{t('coverage.plans.pick')}</option>
            {list.map(option)}
          </select>
          <label htmlFor={bId}>{t('coverage.plans.b')}</label>
          <select id={bId} value={b} onChange={(e) => setB(e.target.value)} data-testid="plan-b">
            <option value="">{t('coverage.plans.pick')}</option>
            {list.map(option)}
          </select>
          <button type="submit" className="button button--secondary">
            {t('coverage.plans.compare')}
          </button>
        </form>
      )}
      {compareError && (
        <p role="alert" className="form-error">
          {compareError}
        </p>
      )}
      {comparison && <ComparisonTable c={comparison} />}
    </div>
  );
}

/** Two runs' headline figures side by side with the change from A to B. */
function ComparisonTable({ c }: { c: CoverageComparison }) {
  const { t, formatNumber, formatDate } = useI18n();
  const signed = (n: number, text = formatNumber) => (n > 0 ? `+${text(n)}` : n < 0 ? `−${text(-n)}` : '0');
  const rows: [MessageKey, string, string, string][] = [
    ['coverage.compare.date', formatDate(c.a.date), formatDate(c.b.date), ''],
    [
      'coverage.compare.sitesShare',
      percent(c.a.sites.share),
      percent(c.b.sites.share),
      pointsChange(c.a.sites.share, c.b.sites.share) ?? '—',
    ],
    [
      'coverage.compare.sitesCovered',
      `${formatNumber(c.a.sites.covered)} / ${formatNumber(c.a.sites.total)}`,
      `${formatNumber(c.b.sites.covered)} / ${formatNumber(c.b.sites.total)}`,
      signed(c.change.sitesCovered),
    ],
    [
      'coverage.compare.borderShare',
      percent(c.a.border.share),
      percent(c.b.border.share),
      pointsChange(c.a.border.share, c.b.border.share) ?? '—',
    ],
    [
      'coverage.compare.borderCoveredKm',
      kmText(c.a.border.coveredKm),
      kmText(c.b.border.coveredKm),
      c.change.borderCoveredKm === null ? '—' : signed(c.change.borderCoveredKm, kmText),
    ],
    [
      'coverage.compare.gaps',
      formatNumber(c.a.border.gaps),
      formatNumber(c.b.border.gaps),
      signed(c.b.border.gaps - c.a.border.gaps),
    ],
    [
      'coverage.compare.blindCells',
      formatNumber(c.a.blindCells),
      formatNumber(c.b.blindCells),
      signed(c.change.blindCells),
    ],
  ];
  return (
    <table className="data-table data-table--compact" data-testid="plan-comparison">
      <thead>
        <tr>
          <th>{t('coverage.compare.figure')}</th>
          <th className="num">{t('coverage.plans.a')}</th>
          <th className="num">{t('coverage.plans.b')}</th>
          <th className="num">{t('coverage.compare.change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, va, vb, change]) => (
          <tr key={label}>
            <td>{t(label)}</td>
            <td className="num">{va}</td>
            <td className="num">{vb}</td>
            <td className="num">{change}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
