import type pg from 'pg';
import { withTransaction } from '../db/database.ts';
import { loadSql } from '../db/sql.ts';

/** The warning rules (DESIGN §5), one SELECT each in `rules/<name>.sql`. */
export const RULES = [
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
] as const;
export type RuleName = (typeof RULES)[number];

/** The coverage rules walk every site and border segment: a nightly job runs them, not the 10-minute one. */
export const COVERAGE_RULES: readonly RuleName[] = ['site_uncovered', 'border_gap'];
/** The rules of the frequent job. */
export const FREQUENT_RULES: readonly RuleName[] = RULES.filter((r) => !COVERAGE_RULES.includes(r));

/**
 * Rules whose due date is a period of grace from the day the warning opened (asOf + n days): a
 * live warning keeps its first due date, or it would recede every day and never fall due.
 */
const DUE_FROM_OPENING: readonly RuleName[] = [
  'device_offline',
  'zone_no_members',
  'zone_no_duty',
  'site_uncovered',
  'border_gap',
];

/**
 * Key of the transaction-level advisory lock held while recomputing. It makes one recompute at a
 * time across every process on the database; the others skip (the running one does their work).
 */
export const RECOMPUTE_LOCK = 0x52_4d_57_41_52_4e; // 'RMWARN'

// Each rule is a complete statement taking $1 asOf; a trailing `;` would end the composed one.
const RULE_SQL: Record<RuleName, string> = Object.fromEntries(
  RULES.map((r) => [
    r,
    loadSql(import.meta.url, `rules/${r}.sql`)
      .trim()
      .replace(/;$/, ''),
  ]),
) as Record<RuleName, string>;
const RECOMPUTE_SQL = loadSql(import.meta.url, 'recompute.sql');

/** One rule hit, as every rule's SELECT returns it. */
export interface Hit {
  rule: RuleName;
  subject_kind: 'org' | 'member' | 'device' | 'zone' | 'site' | 'border';
  subject_id: number;
  topic: string;
  org_id: number;
  figure: Record<string, unknown>;
  severity: 'info' | 'warning' | 'critical';
  due: string;
}

export interface RecomputeOptions {
  /** The moment of evaluation (default now); months, quarters and days are Asia/Shanghai's. */
  asOf?: Date;
  /** Evaluate only these rules; the live warnings of the others are left alone. Default all. */
  rules?: readonly string[];
  /** Write a `warning_event` for each opened and closed warning (set when a webhook is configured). */
  outbox?: boolean;
}

export interface RecomputeResult {
  /** Another process held the lock and is recomputing; nothing was done here. */
  skipped: boolean;
  opened: number;
  updated: number;
  closed: number;
}

function chosenRules(rules: readonly string[] | undefined): RuleName[] {
  if (rules === undefined) return [...RULES];
  const unknown = rules.filter((r) => !(RULES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new Error(`unknown warning rule(s): ${unknown.join(', ')}`);
  return [...new Set(rules)] as RuleName[];
}

// The rules' SELECTs in parentheses (each may have its own WITH), on their own lines because a rule
// file may end in a `--` comment.
const unionOf = (rules: readonly RuleName[]) => rules.map((r) => `(\n${RULE_SQL[r]}\n)`).join('\nUNION ALL\n');

/** The hits of the chosen rules at `asOf`, without writing anything (tests, previews). */
export async function evaluateRules(
  db: Pick<pg.Pool, 'query'>,
  { asOf = new Date(), rules }: Pick<RecomputeOptions, 'asOf' | 'rules'> = {},
): Promise<Hit[]> {
  const chosen = chosenRules(rules);
  if (chosen.length === 0) return [];
  const sql = `SELECT * FROM (\n${unionOf(chosen)}\n) hits ORDER BY rule, subject_kind, subject_id, topic`;
  return (await db.query<Hit>(sql, [asOf])).rows;
}

/**
 * Brings the `warning` table in line with the rules at `asOf`, in one transaction: opens a warning
 * for each new hit, refreshes the figure, severity and due date of live ones (their state stays),
 * and closes the live warnings of the evaluated rules that no longer hold (closed_by NULL). Safe to
 * run from several processes: one holds the advisory lock, the others return `skipped`.
 */
export async function recomputeWarnings(pool: pg.Pool, options: RecomputeOptions = {}): Promise<RecomputeResult> {
  const chosen = chosenRules(options.rules);
  const asOf = options.asOf ?? new Date();
  return withTransaction(pool, async (tx) => {
    const lock = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      RECOMPUTE_LOCK,
    ]);
    if (!lock.rows[0]?.locked) return { skipped: true, opened: 0, updated: 0, closed: 0 };
    if (chosen.length === 0) return { skipped: false, opened: 0, updated: 0, closed: 0 };
    const sql = RECOMPUTE_SQL.replace('/*HITS*/', unionOf(chosen));
    const { rows } = await tx.query<{ opened: number; updated: number; closed: number }>(sql, [
      asOf,
      chosen,
      DUE_FROM_OPENING,
      options.outbox === true,
    ]);
    const { opened = 0, updated = 0, closed = 0 } = rows[0] ?? {};
    return { skipped: false, opened, updated, closed };
  });
}
