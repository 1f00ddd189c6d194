import type pg from 'pg';

export const ROLES = ['admin', 'leader', 'secretary', 'member', 'device'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as loaded from the session. */
export interface Caller {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgName: string;
  /** ltree path of the caller's organisation; every scoped query is limited to this subtree. */
  orgPath: string;
  /** Set for the `member` role, who sees only themself among members. */
  memberId: number | null;
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/**
 * Runs a scoped query. Every scoped `.sql` file takes the caller's scope as its first two
 * parameters: `$1::ltree` the subtree root, `$2::bigint` the caller's own member id (members
 * only, else NULL). The caller's values go first, so no route can forget them.
 */
export function scopedQuery<R extends pg.QueryResultRow>(
  db: Queryable,
  caller: Caller,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  return db.query<R>(sql, [caller.orgPath, caller.role === 'member' ? caller.memberId : null, ...params]);
}

/** Phone numbers are shown in full to admins and secretaries (who call their members) and to a member about themself. */
export function seesPhone(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'secretary' || caller.role === 'member';
}

/** ID-card numbers are shown in full only to admins and to a member about themself. */
export function seesIdNumber(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'member';
}
