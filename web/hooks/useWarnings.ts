import type { InferResponseType } from 'hono/client';
import { useEffect } from 'react';
import type { RuleName } from '../../api/warnings/engine.ts';
import { api, unwrap } from '../lib/api.ts';
import type { OrgWarningCount } from '../map/layers/orgs.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** One page of `GET /api/warnings` (api/warnings/routes.ts). */
export type WarningPage = InferResponseType<typeof api.warnings.$get, 200>;
/** One warning as the list gives it. */
export type Warning = WarningPage['items'][number];
/** `GET /api/warnings/summary`: live counts by severity, rule and organisation. */
export type WarningSummary = InferResponseType<typeof api.warnings.summary.$get, 200>;

/** Every warning rule, in the order the filter lists them (the server's RULES, checked below). */
export const WARNING_RULES = [
  'no_org_life_month',
  'attendance_low',
  'life_frequency',
  'term_due',
  'probation_overdue',
  'device_offline',
  'zone_no_members',
  'zone_no_duty',
  'site_uncovered',
  'border_gap',
] as const satisfies readonly RuleName[];
// Fails to compile when the server gains a rule this list lacks.
const _allRules: Exclude<RuleName, (typeof WARNING_RULES)[number]> extends never ? true : never = true;
void _allRules;

/** Severities, most pressing last (the server's order). */
export const WARNING_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

/** `live` is open and acknowledged; `all` adds the closed history. */
export const WARNING_STATES = ['live', 'all'] as const;
export type WarningStateFilter = (typeof WARNING_STATES)[number];

/** What the warnings list is filtered by; null is "any". */
export interface WarningFilter {
  org: number | null;
  rule: RuleName | null;
  severity: WarningSeverity | null;
  state: WarningStateFilter;
  page: number;
}

/** Rows per page of the warnings list. */
export const WARNINGS_PAGE_SIZE = 20;

/** A page of the warnings the caller may see, by the filter. */
export function useWarningList(filter: WarningFilter): AsyncResult<WarningPage> {
  const { org, rule, severity, state, page } = filter;
  return useAsync(
    (signal) =>
      unwrap(
        api.warnings.$get(
          {
            query: {
              state,
              page: String(page),
              pageSize: String(WARNINGS_PAGE_SIZE),
              ...(org === null ? {} : { org: String(org) }),
              ...(rule === null ? {} : { rule }),
              ...(severity === null ? {} : { severity }),
            },
          },
          { init: { signal } },
        ),
      ),
    [org, rule, severity, state, page],
  );
}

/** Live counts of the caller's scope, or of one organisation's subtree. */
export function useWarningSummary(org: number | null): AsyncResult<WarningSummary> {
  return useAsync(
    (signal) =>
      unwrap(api.warnings.summary.$get({ query: org === null ? {} : { org: String(org) } }, { init: { signal } })),
    [org],
  );
}

/** Marks a warning seen (admin, leader, secretary); answers the warning as it now is. */
export function acknowledgeWarning(id: number): Promise<Warning> {
  return unwrap(api.warnings[':id'].acknowledge.$post({ param: { id: String(id) } }));
}

/** Closes a warning with an optional note (admin, secretary); answers the warning as it now is. */
export function closeWarning(id: number, note: string): Promise<Warning> {
  const trimmed = note.trim();
  // The route reads its body by hand (an empty body is allowed), so the client has no `json` type.
  const body = JSON.stringify(trimmed ? { note: trimmed } : {});
  return unwrap(
    api.warnings[':id'].close.$post(
      { param: { id: String(id) } },
      { init: { body, headers: { 'content-type': 'application/json' } } },
    ),
  );
}

/** Runs every rule now (admin, leader), as the scheduler does every ten minutes. */
export function recomputeWarnings() {
  return unwrap(api.warnings.recompute.$post());
}

/** The summary's `byOrg` (each organisation's own live warnings) by organisation id; zero counts are left out. */
export function warningCountsByOrg(byOrg: readonly { orgId: number; open: number; critical: number }[]) {
  const counts = new Map<number, OrgWarningCount>();
  for (const b of byOrg) if (b.open > 0) counts.set(b.orgId, { open: b.open, critical: b.critical });
  return counts;
}

/** How often the map's badges reload: the server recomputes warnings every ten minutes. */
export const WARNING_BADGES_REFRESH_MS = 5 * 60_000;

const NO_COUNTS: ReadonlyMap<number, OrgWarningCount> = new Map();

/**
 * Live warnings per organisation for the map's red badges, reloaded every few minutes; empty
 * while loading or when the call fails (badges are a hint, never a blocker).
 */
export function useWarningBadges(refreshMs = WARNING_BADGES_REFRESH_MS): ReadonlyMap<number, OrgWarningCount> {
  const summary = useAsync(
    async (signal) =>
      warningCountsByOrg((await unwrap(api.warnings.summary.$get({ query: {} }, { init: { signal } }))).byOrg),
    [],
  );
  const { reload } = summary;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);
  return summary.status === 'success' ? summary.data : NO_COUNTS;
}
