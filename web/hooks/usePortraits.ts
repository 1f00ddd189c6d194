import type { InferResponseType } from 'hono/client';
import type { Facet, ORG_LIFE_KINDS } from '../../api/portraits/query.ts';
import { api, unwrap } from '../lib/api.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** `GET /api/orgs/:id/portrait` (api/portraits/data.ts `orgPortrait`). */
export type OrgPortrait = InferResponseType<(typeof api.orgs)[':id']['portrait']['$get'], 200>;
/** `GET /api/members/:id/portrait` (api/portraits/data.ts `memberPortrait`). */
export type MemberPortrait = InferResponseType<(typeof api.members)[':id']['portrait']['$get'], 200>;
/** One page of the members behind a figure. */
export type DrillMembers = InferResponseType<(typeof api.orgs)[':id']['portrait']['members']['$get'], 200>;
/** One page of the events behind a figure. */
export type DrillEvents = InferResponseType<(typeof api.orgs)[':id']['portrait']['events']['$get'], 200>;
/** `GET /api/indices/definition`: items, weights and formulas. */
export type IndexDefinition = InferResponseType<(typeof api.indices)['definition']['$get'], 200>;

/** The org portrait; reloads when the organisation changes. */
export function useOrgPortrait(id: number): AsyncResult<OrgPortrait> {
  return useAsync(
    (signal) => unwrap(api.orgs[':id'].portrait.$get({ param: { id: String(id) }, query: {} }, { init: { signal } })),
    [id],
  );
}

/** The member portrait (the server writes the read to the audit log). */
export function useMemberPortrait(id: number): AsyncResult<MemberPortrait> {
  return useAsync(
    (signal) =>
      unwrap(api.members[':id'].portrait.$get({ param: { id: String(id) }, query: {} }, { init: { signal } })),
    [id],
  );
}

/** The index items' weights and formulas, for the text next to each score. */
export function useIndexDefinition(): AsyncResult<IndexDefinition> {
  return useAsync((signal) => unwrap(api.indices.definition.$get({}, { init: { signal } })), []);
}

/** What a drill-down lists: members of a structure facet, events, or per-organisation completion. */
export type DrillTarget =
  | { kind: 'members'; facet: Facet; key: string; label: string }
  | { kind: 'events'; lifeKind?: LifeKind; month?: string; label: string }
  | { kind: 'life'; lifeKind: LifeKind; label: string };

/** A kind of org life (三会一课, 主题党日). */
export type LifeKind = (typeof ORG_LIFE_KINDS)[number];

/** Loads one page of a drill-down list of an organisation's portrait. */
export function useDrill(orgId: number, target: DrillTarget | null, page: number) {
  return useAsync(
    async (signal) => {
      if (!target) return null;
      const param = { id: String(orgId) };
      const init = { init: { signal } };
      if (target.kind === 'members') {
        const query = { facet: target.facet, key: target.key, page: String(page), pageSize: '20' };
        return {
          kind: 'members' as const,
          data: await unwrap(api.orgs[':id'].portrait.members.$get({ param, query }, init)),
        };
      }
      if (target.kind === 'events') {
        const query = {
          page: String(page),
          pageSize: '20',
          ...(target.lifeKind ? { kind: target.lifeKind } : {}),
          ...(target.month ? { month: target.month } : {}),
        };
        return {
          kind: 'events' as const,
          data: await unwrap(api.orgs[':id'].portrait.events.$get({ param, query }, init)),
        };
      }
      const query = { kind: target.lifeKind };
      return { kind: 'life' as const, data: await unwrap(api.orgs[':id'].portrait.life.$get({ param, query }, init)) };
    },
    [orgId, target, page],
  );
}
