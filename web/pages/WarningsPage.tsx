import { type FormEvent, useId, useMemo, useState } from 'react';
import { AppHeader } from '../components/AppHeader.tsx';
import { Link, portraitPath } from '../components/Link.tsx';
import { OrgSelect } from '../components/OrgSelect.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { idParam, oneOf, useQueryParams } from '../hooks/useQueryParams.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import {
  acknowledgeWarning,
  closeWarning,
  recomputeWarnings,
  useWarningList,
  useWarningSummary,
  WARNING_RULES,
  WARNING_SEVERITIES,
  WARNING_STATES,
  WARNINGS_PAGE_SIZE,
  type Warning,
  type WarningFilter,
  type WarningSummary,
} from '../hooks/useWarnings.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import { isMessageKey } from '../i18n/messages.ts';
import { dueState, shanghaiDateTime, shanghaiToday, warningFigureText } from '../lib/warningFigure.ts';
import './portrait.css';
import './analysis.css';

/** Props of {@link WarningsPage}. */
export interface WarningsPageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  path: string;
}

/** What each role may do with a warning; the server checks again and its refusal is shown. */
function abilities(role: string) {
  return {
    acknowledge: role === 'admin' || role === 'leader' || role === 'secretary',
    close: role === 'admin' || role === 'secretary',
    recompute: role === 'admin' || role === 'leader',
  };
}

/**
 * 预警监督 at `/warnings?org=&rule=&severity=&state=&page=`: the live counts by severity and rule,
 * and the warnings of the caller's scope, filtered and paged, each with its figures in words;
 * acknowledging and closing (with a note) where the role may, and recomputing on demand.
 */
export function WarningsPage({ user, onLogout, path }: WarningsPageProps) {
  const { t, formatNumber } = useI18n();
  const [params, setParams] = useQueryParams();
  const filter: WarningFilter = {
    org: idParam(params.get('org')),
    rule: oneOf(WARNING_RULES, params.get('rule')),
    severity: oneOf(WARNING_SEVERITIES, params.get('severity')),
    state: oneOf(WARNING_STATES, params.get('state')) ?? 'live',
    page: idParam(params.get('page')) ?? 1,
  };
  // Any filter change starts again from the first page.
  const refine = (changes: Record<string, string | null>) => setParams({ ...changes, page: null });
  const list = useWarningList(filter);
  const summary = useWarningSummary(filter.org);
  const may = abilities(user.role);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [recomputing, setRecomputing] = useState(false);

  const reload = () => {
    list.reload();
    summary.reload();
  };

  const recompute = async () => {
    setRecomputing(true);
    setNotice(null);
    try {
      const r = await recomputeWarnings();
      setNotice({
        kind: 'ok',
        text: r.skipped
          ? t('warnings.recomputeSkipped')
          : t('warnings.recomputed', {
              opened: formatNumber(r.opened),
              updated: formatNumber(r.updated),
              closed: formatNumber(r.closed),
            }),
      });
      reload();
    } catch (err) {
      setNotice({ kind: 'error', text: t('warnings.actionFailed', { message: errorText(t, err) }) });
    } finally {
      setRecomputing(false);
    }
  };

  return (
    <div className="app app--page">
      <AppHeader user={user} onLogout={onLogout} path={path} />
      <main className="page analysis warnings">
        <header className="analysis__header">
          <h2>{t('warnings.title')}</h2>
          {may.recompute && (
            <button
              type="button"
              className="button button--secondary"
              onClick={recompute}
              disabled={recomputing}
              data-testid="warnings-recompute"
            >
              {recomputing ? t('warnings.recomputing') : t('warnings.recompute')}
            </button>
          )}
        </header>
        {notice && (
          <p
            className={notice.kind === 'error' ? 'warnings__notice warnings__notice--error' : 'warnings__notice'}
            role={notice.kind === 'error' ? 'alert' : 'status'}
          >
            {notice.text}
          </p>
        )}

        {summary.status === 'error' && (
          <PanelStatus
            kind="error"
            message={t('warnings.error', { message: errorText(t, summary.error) })}
            onRetry={summary.reload}
          />
        )}
        {summary.status === 'success' && <Summary s={summary.data} filter={filter} onRefine={refine} />}

        <search className="warnings__filters" aria-label={t('warnings.filters')}>
          <Choice
            label={t('warnings.filter.rule')}
            value={filter.rule}
            options={WARNING_RULES.map((r) => ({ value: r, label: t(`rule.${r}`) }))}
            onChange={(rule) => refine({ rule })}
            any={t('warnings.any')}
          />
          <Choice
            label={t('warnings.filter.severity')}
            value={filter.severity}
            options={WARNING_SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
            onChange={(severity) => refine({ severity })}
            any={t('warnings.any')}
          />
          <Choice
            label={t('warnings.filter.state')}
            value={filter.state}
            options={WARNING_STATES.map((s) => ({ value: s, label: t(`warnings.state.${s}`) }))}
            onChange={(state) => refine({ state: state === 'live' ? null : state })}
          />
          <OrgSelect
            label={t('warnings.filter.org')}
            value={filter.org}
            onChange={(org) => refine({ org: org === null ? null : String(org) })}
            anyLabel={t('warnings.any')}
            testId="warnings-org"
          />
        </search>

        {list.status === 'loading' && <PanelStatus kind="loading" message={t('warnings.loading')} />}
        {list.status === 'error' && (
          <PanelStatus
            kind="error"
            message={t('warnings.error', { message: errorText(t, list.error) })}
            onRetry={list.reload}
          />
        )}
        {list.status === 'success' && (
          <WarningTable
            items={list.data.items}
            total={list.data.total}
            page={filter.page}
            may={may}
            onPage={(page) => setParams({ page: page === 1 ? null : String(page) })}
            onDone={(text) => {
              setNotice(text === null ? null : { kind: 'error', text });
              reload();
            }}
          />
        )}
      </main>
    </div>
  );
}

/** Live counts: in all, by severity (each a filter), and by rule. */
function Summary({
  s,
  filter,
  onRefine,
}: {
  s: WarningSummary;
  filter: WarningFilter;
  onRefine: (changes: Record<string, string | null>) => void;
}) {
  const { t, formatNumber } = useI18n();
  const toggle = (name: 'rule' | 'severity', value: string) =>
    onRefine({ [name]: filter[name] === value ? null : value });
  return (
    <>
      <section className="figures" aria-label={t('warnings.live')}>
        <div className="figure">
          <span className="figure__value" data-testid="warnings-total">
            {formatNumber(s.total)}
          </span>
          <span className="figure__label">{t('warnings.live')}</span>
        </div>
        {[...WARNING_SEVERITIES].reverse().map((sev) => (
          <button
            key={sev}
            type="button"
            className={`figure figure--link severity-figure severity-figure--${sev}`}
            aria-pressed={filter.severity === sev}
            onClick={() => toggle('severity', sev)}
          >
            <span className="figure__value">{formatNumber(s.bySeverity[sev])}</span>
            <span className="figure__label">{t(`severity.${sev}`)}</span>
          </button>
        ))}
      </section>
      {s.byRule.length > 0 && (
        <section className="card warnings__rules" aria-label={t('warnings.byRule')}>
          <h4 className="card__title">{t('warnings.byRule')}</h4>
          <table className="data-table data-table--compact">
            <thead>
              <tr>
                <th>{t('warnings.rule')}</th>
                <th className="num">{t('warnings.live')}</th>
                {[...WARNING_SEVERITIES].reverse().map((sev) => (
                  <th key={sev} className="num">
                    {t(`severity.${sev}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.byRule.map((r) => (
                <tr key={r.rule}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={filter.rule === r.rule}
                      onClick={() => toggle('rule', r.rule)}
                    >
                      {ruleLabel(t, r.rule)}
                    </button>
                  </td>
                  <td className="num">{formatNumber(r.total)}</td>
                  <td className="num">{formatNumber(r.critical)}</td>
                  <td className="num">{formatNumber(r.warning)}</td>
                  <td className="num">{formatNumber(r.info)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function ruleLabel(t: ReturnType<typeof useI18n>['t'], rule: string): string {
  const key = `rule.${rule}`;
  return isMessageKey(key) ? t(key) : rule;
}

/** A labelled drop-down over fixed values, with an optional "any". */
function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
  any,
}: {
  label: string;
  value: T | null;
  options: { value: T; label: string }[];
  onChange: (value: T | null) => void;
  any?: string;
}) {
  const id = useId();
  return (
    <div className="org-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as T))}
      >
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type Abilities = ReturnType<typeof abilities>;

/** The page of warnings with their actions; `onDone` gets an error text, or null on success. */
function WarningTable({
  items,
  total,
  page,
  may,
  onPage,
  onDone,
}: {
  items: Warning[];
  total: number;
  page: number;
  may: Abilities;
  onPage: (page: number) => void;
  onDone: (error: string | null) => void;
}) {
  const { t, formatNumber } = useI18n();
  const today = useMemo(() => shanghaiToday(), []);
  const pages = Math.max(1, Math.ceil(total / WARNINGS_PAGE_SIZE));
  const actions = may.acknowledge || may.close;
  if (items.length === 0) return <PanelStatus kind="empty" message={t('warnings.empty')} />;
  return (
    <section className="card warnings__list" aria-label={t('warnings.title')}>
      <p className="analysis__meta" data-testid="warnings-count">
        {t('warnings.count', { n: formatNumber(total) })}
      </p>
      <table className="data-table warnings__table">
        <thead>
          <tr>
            <th>{t('warnings.subject')}</th>
            <th>{t('warnings.rule')}</th>
            <th>{t('warnings.org')}</th>
            <th>{t('warnings.figure')}</th>
            <th>{t('warnings.due')}</th>
            <th>{t('warnings.state')}</th>
            <th>{t('warnings.handled')}</th>
            {actions && <th>{t('warnings.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((w) => (
            <WarningRow key={w.id} w={w} today={today} may={may} actions={actions} onDone={onDone} />
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="drill__pages">
          <button
            type="button"
            className="button button--secondary"
            disabled={page <= 1}
            onClick={() => onPage(page - 1)}
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
            onClick={() => onPage(page + 1)}
          >
            ›
          </button>
        </nav>
      )}
    </section>
  );
}

function WarningRow({
  w,
  today,
  may,
  actions,
  onDone,
}: {
  w: Warning;
  today: string;
  may: Abilities;
  actions: boolean;
  onDone: (error: string | null) => void;
}) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const noteId = useId();

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      setClosing(false);
      onDone(null);
    } catch (err) {
      onDone(t('warnings.actionFailed', { message: errorText(t, err) }));
    } finally {
      setBusy(false);
    }
  };
  const submitClose = (e: FormEvent) => {
    e.preventDefault();
    void run(() => closeWarning(w.id, note));
  };

  const due = dueState(w.due, today);
  const live = w.state !== 'closed';
  const subjectKey = `warnings.subjectKind.${w.subject.kind}`;
  const subjectName = w.subject.name ?? `#${w.subject.id}`;

  return (
    <>
      <tr className={`warning-row warning-row--${w.severity} warning-row--${w.state}`} data-testid="warning-row">
        <td>
          <span className="warnings__kind">{isMessageKey(subjectKey) ? t(subjectKey) : w.subject.kind}</span>
          {w.subject.kind === 'member' ? (
            <Link href={portraitPath('member', w.subject.id)}>{subjectName}</Link>
          ) : w.subject.kind === 'org' ? (
            <Link href={portraitPath('org', w.subject.id)}>{subjectName}</Link>
          ) : (
            subjectName
          )}
        </td>
        <td>
          <span className={`severity severity--${w.severity}`}>{t(`severity.${w.severity}`)}</span>{' '}
          {ruleLabel(t, w.rule)}
        </td>
        <td>
          <Link href={portraitPath('org', w.orgId)}>{w.orgName}</Link>
        </td>
        <td className="warnings__figure">{warningFigureText(i18n, w)}</td>
        <td className="warnings__due">
          {w.due ? formatDate(w.due) : '—'}
          {live && due === 'overdue' && <span className="flag flag--alert">{t('warnings.overdue')}</span>}
          {live && due === 'today' && <span className="flag flag--warn">{t('warnings.dueToday')}</span>}
        </td>
        <td className="warnings__state">{t(`warnings.state.${w.state}`)}</td>
        <td className="warnings__handled">
          {w.acknowledged && (
            <div>
              {t('warnings.acknowledgedBy', { by: w.acknowledged.by, at: shanghaiDateTime(w.acknowledged.at) })}
            </div>
          )}
          {w.closed && (
            <div>
              {w.closed.by
                ? t('warnings.closedBy', { by: w.closed.by, at: shanghaiDateTime(w.closed.at) })
                : t('warnings.closedItself', { at: shanghaiDateTime(w.closed.at) })}
            </div>
          )}
          {!w.acknowledged && !w.closed && '—'}
        </td>
        {actions && (
          <td className="warnings__actions">
            {may.acknowledge && w.state === 'open' && (
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => run(() => acknowledgeWarning(w.id))}
              >
                {t('warnings.acknowledge')}
              </button>
            )}
            {may.close && live && !closing && (
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => setClosing(true)}
              >
                {t('warnings.close')}
              </button>
            )}
          </td>
        )}
      </tr>
      {closing && (
        <tr className="warnings__close-row">
          <td colSpan={actions ? 8 : 7}>
            <form className="warnings__close" onSubmit={submitClose}>
              <label htmlFor={noteId}>{t('warnings.closeNote')}</label>
              <input
                id={noteId}
                type="text"
                maxLength={500}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                // biome-ignore lint/a11y/noAutofocus: the field the user just asked for.
                autoFocus
              />
              <button type="submit" className="button button--primary" disabled={busy}>
                {t('warnings.closeConfirm')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => setClosing(false)}
              >
                {t('warnings.cancel')}
              </button>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
