import { type FormEvent, useId, useMemo, useState } from 'react';
import { PanelStatus } from '../../components/PanelStatus.tsx';
import { useAreaQuery } from '../../hooks/useAreaQuery.ts';
import { useI18n } from '../../i18n/context.ts';
import { ApiError } from '../../lib/api.ts';
import { AREA_QUERY_LIMIT, type AreaMember, type AreaQueryRequest } from '../../lib/positions.ts';
import { defaultRange } from '../trackPlayback.ts';
import {
  type AreaProblem,
  areaErrorText,
  buildAreaQuery,
  type SpanFormat,
  sameRequest,
  spanText,
} from './areaQuery.ts';
import { areaText } from './MeasurePanel.tsx';
import { measurePolygon } from './measure.ts';
import type { MeasureState } from './measureDraw.ts';

/** Props of {@link AreaQueryPanel}. */
export interface AreaQueryPanelProps {
  /** The drawing session's state: whether terra-draw is ready, drawing, and the finished area. */
  state: MeasureState;
  /** The member selected on the map, marked in the list; null when none is. */
  selectedMemberId: number | null;
  /** A result row was clicked: select that member on the map. */
  onSelectMember: (memberId: number) => void;
  /** Drop the area and draw another. */
  onRedraw: () => void;
  onClose: () => void;
}

/**
 * The area query (区域轨迹查询, "who was here"): how to draw the area, the range (the last 24 hours
 * to start with), 查询, and the members who had fixes inside, each a link to the member on the
 * map. A new area drops the results of the previous one.
 */
export function AreaQueryPanel({ state, selectedMemberId, onSelectMember, onRedraw, onClose }: AreaQueryPanelProps) {
  const { t, locale, formatNumber } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(() => defaultRange(Date.now()));
  const [problem, setProblem] = useState<AreaProblem | null>(null);
  const [request, setRequest] = useState<AreaQueryRequest | null>(null);
  const result = useAreaQuery(request);

  // Results belong to the area they were asked for: a different area drops them.
  const areaKey = state.area ? JSON.stringify(state.area.coordinates) : '';
  const [resultsKey, setResultsKey] = useState(areaKey);
  if (resultsKey !== areaKey) {
    setResultsKey(areaKey);
    setRequest(null);
    setProblem(null);
  }

  const areaSize = useMemo(() => {
    const ring = state.area?.coordinates[0];
    return ring ? areaText(t, measurePolygon(ring).areaM2) : null;
  }, [state.area, t]);

  const format = useMemo<SpanFormat>(() => {
    const dateTime = new Intl.DateTimeFormat(locale, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return { dateTime: (ms) => dateTime.format(ms), time: (ms) => time.format(ms) };
  }, [locale]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildAreaQuery(state.area, draft.from, draft.to);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setProblem(null);
    // The same question again: ask again, fixes keep arriving.
    if (sameRequest(request, built.request)) result.reload();
    else setRequest(built.request);
  }

  const data = request && result.status === 'success' ? result.data : null;
  const geometryError =
    request !== null &&
    result.status === 'error' &&
    result.error instanceof ApiError &&
    result.error.code === 'invalid_geometry';
  const announce = data
    ? data.members.length === 0
      ? t('area.empty')
      : t('area.count', { n: formatNumber(data.members.length) })
    : '';

  return (
    <section
      className="map-tools__panel map-tools__panel--query"
      aria-labelledby={`${id}-heading`}
      data-testid="area-query-panel"
    >
      <header className="map-tools__panel-head">
        <h2 id={`${id}-heading`} className="map-tools__panel-title">
          {t('area.heading')}
        </h2>
        <button
          type="button"
          className="map-tools__done"
          aria-label={t('area.closeLabel')}
          data-testid="area-close"
          onClick={onClose}
        >
          {t('area.close')}
        </button>
      </header>

      {!state.ready ? (
        <p className="map-tools__hint">{t('area.loading')}</p>
      ) : state.area && areaSize ? (
        <p className="area-query__area" data-testid="area-drawn">
          <span>{t('area.drawn', { area: areaSize })}</span>
          <button type="button" className="link-button" data-testid="area-redraw" onClick={onRedraw}>
            {t('area.redraw')}
          </button>
        </p>
      ) : (
        <p className="map-tools__hint">{t(state.drawing ? 'area.hint.drawing' : 'area.hint.draw')}</p>
      )}

      <form className="area-query__range" onSubmit={submit} noValidate>
        <label className="area-query__field">
          <span>{t('area.from')}</span>
          <input
            type="datetime-local"
            value={draft.from}
            data-testid="area-from"
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
        </label>
        <label className="area-query__field">
          <span>{t('area.to')}</span>
          <input
            type="datetime-local"
            value={draft.to}
            data-testid="area-to"
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
        </label>
        <button type="submit" className="button button--primary area-query__run" data-testid="area-run">
          {t('area.run')}
        </button>
      </form>
      {problem && (
        <p className="area-query__problem" role="alert" data-testid="area-problem">
          {t(`area.problem.${problem}`)}
        </p>
      )}

      {request && result.status === 'loading' && <PanelStatus kind="loading" message={t('area.running')} />}
      {geometryError && (
        <p className="area-query__problem" role="alert" data-testid="area-error">
          {areaErrorText(t, result.error)}
        </p>
      )}
      {request && result.status === 'error' && !geometryError && (
        <div data-testid="area-error">
          <PanelStatus kind="error" message={areaErrorText(t, result.error)} onRetry={result.reload} />
        </div>
      )}
      {data && (
        <div className="area-query__results" data-testid="area-results" data-count={data.members.length}>
          <p className="area-query__count" data-testid="area-count">
            {t('area.count', { n: formatNumber(data.members.length) })}
          </p>
          {data.members.length === 0 ? (
            <p className="area-query__empty" data-testid="area-empty">
              {t('area.empty')}
            </p>
          ) : (
            <ul className="area-query__list" aria-label={t('area.results')}>
              {data.members.map((m) => (
                <li key={m.memberId}>
                  <MemberRow
                    member={m}
                    selected={m.memberId === selectedMemberId}
                    span={spanText(m.firstAt, m.lastAt, format)}
                    fixes={t('area.fixes', { n: formatNumber(m.fixes) })}
                    onSelect={() => onSelectMember(m.memberId)}
                  />
                </li>
              ))}
            </ul>
          )}
          {data.members.length >= AREA_QUERY_LIMIT && (
            <p className="map-tools__hint">{t('area.truncated', { n: formatNumber(AREA_QUERY_LIMIT) })}</p>
          )}
          {data.members.length > 0 && <p className="map-tools__method">{t('area.scope')}</p>}
        </div>
      )}
      {/* Read out once per answer, not when the list is browsed. */}
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
    </section>
  );
}

interface MemberRowProps {
  member: AreaMember;
  selected: boolean;
  span: string;
  fixes: string;
  onSelect: () => void;
}

function MemberRow({ member, selected, span, fixes, onSelect }: MemberRowProps) {
  return (
    <button
      type="button"
      className="area-query__member"
      aria-current={selected || undefined}
      data-testid="area-member"
      data-member-id={member.memberId}
      onClick={onSelect}
    >
      <span className="area-query__name">{member.name}</span>
      <span className="area-query__span">{span}</span>
      <span className="area-query__org">{member.orgName}</span>
      <span className="area-query__fixes">{fixes}</span>
    </button>
  );
}
