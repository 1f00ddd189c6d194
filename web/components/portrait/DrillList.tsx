import { useState } from 'react';
import { type DrillTarget, useDrill } from '../../hooks/usePortraits.ts';
import { useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { Link, portraitPath } from '../Link.tsx';
import { PanelStatus } from '../PanelStatus.tsx';
import { keyLabel, percent } from './labels.ts';

/** Props of {@link DrillList}. */
export interface DrillListProps {
  orgId: number;
  target: DrillTarget;
  onClose: () => void;
}

/**
 * The rows behind a figure of the portrait: the members of a bar or slice (masked by the server
 * per role, each opening their portrait), the events of a month or kind, or each organisation's
 * completion of one kind of org life. Paged by the server; the total is the figure clicked.
 */
export function DrillList({ orgId, target, onClose }: DrillListProps) {
  const { t, formatNumber, formatDate } = useI18n();
  const [page, setPage] = useState(1);
  const drill = useDrill(orgId, target, page);

  let body: React.ReactNode = null;
  let total = 0;
  let pages = 1;
  if (drill.status === 'loading') body = <PanelStatus kind="loading" message={t('app.loading')} />;
  else if (drill.status === 'error') {
    body = <PanelStatus kind="error" message={errorText(t, drill.error)} onRetry={drill.reload} />;
  } else if (drill.data?.kind === 'members') {
    const d = drill.data.data;
    total = d.total;
    pages = Math.max(1, Math.ceil(d.total / d.pageSize));
    body = (
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('portrait.name')}</th>
            <th>{t('panels.member.gender')}</th>
            <th>{t('portrait.birth')}</th>
            <th>{t('panels.member.status')}</th>
            <th>{t('analysis.sheet.org')}</th>
            <th>{t('portrait.phone')}</th>
          </tr>
        </thead>
        <tbody>
          {d.items.map((m) => (
            <tr key={m.id as number}>
              <td>
                <Link href={portraitPath('member', m.id as number)}>{m.name as string}</Link>
              </td>
              <td>{keyLabel(t, 'gender', m.gender as string)}</td>
              <td>{(m.birthDate as string | null) ?? String(m.birthYear)}</td>
              <td>{keyLabel(t, 'status', m.status as string)}</td>
              <td>{m.orgName as string}</td>
              <td>{(m.phone as string | null) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  } else if (drill.data?.kind === 'events') {
    const d = drill.data.data;
    total = d.total;
    pages = Math.max(1, Math.ceil(d.total / d.pageSize));
    body = (
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('facet.kind')}</th>
            <th>{t('portrait.events')}</th>
            <th>{t('analysis.sheet.org')}</th>
            <th>{t('portrait.present')}</th>
            <th>{t('portrait.attendanceRate')}</th>
            <th>{t('portrait.attendanceBeidou')}</th>
          </tr>
        </thead>
        <tbody>
          {d.items.map((e) => (
            <tr key={e.id as number}>
              <td>{keyLabel(t, 'life', e.kind as string)}</td>
              <td>
                <Link href={`/org-life/${e.id as number}`}>{e.title as string}</Link>
                <br />
                <small>{formatDate(String(e.startsAt).slice(0, 10))}</small>
              </td>
              <td>{e.orgName as string}</td>
              <td>
                {formatNumber(e.present as number)}/{formatNumber(e.recorded as number)}
              </td>
              <td>{percent((e.recorded as number) ? (e.present as number) / (e.recorded as number) : null)}</td>
              <td>{formatNumber(e.beidou as number)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  } else if (drill.data?.kind === 'life') {
    const items = drill.data.data.items;
    total = items.length;
    body = (
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('analysis.sheet.org')}</th>
            <th>{t('portrait.required')}</th>
            <th>{t('portrait.held')}</th>
            <th>{t('portrait.completion')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.orgId}>
              <td>
                <Link href={portraitPath('org', r.orgId)}>{(r as { orgName?: string }).orgName ?? r.orgId}</Link>
              </td>
              <td>{r.required}</td>
              <td>{r.held}</td>
              <td>{percent(r.completion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }

  const heading =
    drill.status !== 'success'
      ? target.label
      : target.kind === 'members'
        ? t('portrait.drill', { label: target.label, n: formatNumber(total) })
        : target.kind === 'events'
          ? t('portrait.drillEvents', { label: target.label, n: formatNumber(total) })
          : t('portrait.drillOrgs', { label: target.label, n: formatNumber(total) });
  return (
    <section className="drill" aria-label={heading}>
      <header className="drill__header">
        <h3 data-testid="drill-heading">{heading}</h3>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('portrait.drillClose')}
        </button>
      </header>
      <div className="drill__body">{body}</div>
      {pages > 1 && (
        <nav className="drill__pages">
          <button
            type="button"
            className="button button--secondary"
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            ‹
          </button>
          <span>
            {page}/{pages}
          </span>
          <button
            type="button"
            className="button button--secondary"
            disabled={page >= pages}
            onClick={() => setPage(page + 1)}
          >
            ›
          </button>
        </nav>
      )}
    </section>
  );
}
