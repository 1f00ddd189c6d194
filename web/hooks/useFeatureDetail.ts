import type { InferResponseType } from 'hono/client';
import { ApiError, api, unwrap } from '../lib/api.ts';
import type { OrgDetail } from '../lib/orgs.ts';
import type { Selection } from '../map/state.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** `GET /api/zones/:id` (`ZoneDetail` in api/zones/routes.ts). */
export type ZoneDetail = InferResponseType<(typeof api.zones)[':id']['$get'], 200>;
/** `GET /api/joint-points/:id` (`JointPointDetail` in api/joint-points/routes.ts). */
export type JointPointDetail = InferResponseType<(typeof api)['joint-points'][':id']['$get'], 200>;
/** `GET /api/sites/:id` (`SiteDetail` in api/sites/routes.ts). */
export type SiteDetail = InferResponseType<(typeof api.sites)[':id']['$get'], 200>;
/** `GET /api/members/:id` (`MemberDetail` in api/members/routes.ts), phone and ID masked by the server. */
export type MemberDetail = InferResponseType<(typeof api.members)[':id']['$get'], 200>;

/** An organisation plus whether its parent may be opened by this caller. */
export interface OrgFeature {
  kind: 'org';
  data: OrgDetail;
  /** False when the parent lies outside the caller's scope (or there is none): show it as text. */
  parentOpenable: boolean;
}

/** The loaded feature, tagged with its kind. */
export type FeatureDetail =
  | OrgFeature
  | { kind: 'zone'; data: ZoneDetail }
  | { kind: 'joint_point'; data: JointPointDetail }
  | { kind: 'site'; data: SiteDetail }
  | { kind: 'member'; data: MemberDetail };

/** Whether an error is the server's "does not exist or outside your scope" answer. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * Asks whether an organisation can be opened. The server answers 404 for anything outside the
 * caller's scope, so asking is the one check that cannot drift from the server's scope rules.
 */
async function orgOpenable(id: number, signal: AbortSignal): Promise<boolean> {
  try {
    await unwrap(api.orgs[':id'].$get({ param: { id: String(id) } }, { init: { signal } }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

async function loadFeature(sel: Selection, signal: AbortSignal): Promise<FeatureDetail> {
  const param = { id: String(sel.id) };
  const init = { init: { signal } };
  switch (sel.kind) {
    case 'org': {
      const data = await unwrap(api.orgs[':id'].$get({ param }, init));
      // A secretary's own branch has a parent above their scope: it is named but cannot open.
      const parentOpenable = data.parentId !== null && (await orgOpenable(data.parentId, signal));
      return { kind: 'org', data, parentOpenable };
    }
    case 'zone':
      return { kind: 'zone', data: await unwrap(api.zones[':id'].$get({ param }, init)) };
    case 'joint_point':
      return { kind: 'joint_point', data: await unwrap(api['joint-points'][':id'].$get({ param }, init)) };
    case 'site':
      return { kind: 'site', data: await unwrap(api.sites[':id'].$get({ param }, init)) };
    case 'member':
      return { kind: 'member', data: await unwrap(api.members[':id'].$get({ param }, init)) };
  }
}

/**
 * The selected feature's details, or `null` while nothing is selected. A 404 (absent, or outside
 * the caller's scope) arrives as an error; test it with {@link isNotFound}.
 */
export function useFeatureDetail(selection: Selection | null): AsyncResult<FeatureDetail | null> {
  const kind = selection?.kind ?? null;
  const id = selection?.id ?? null;
  return useAsync(
    async (signal) => (kind === null || id === null ? null : loadFeature({ kind, id }, signal)),
    [kind, id],
  );
}
