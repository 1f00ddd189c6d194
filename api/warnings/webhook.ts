import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { loadSql } from '../db/sql.ts';

const CLAIM = loadSql(import.meta.url, 'claim-events.sql');
const DELIVERED = 'UPDATE warning_event SET delivered_at = now(), last_error = NULL WHERE id = $1';
// attempts on the right is the old value: the n-th failure waits 2^n s, at most an hour.
const FAILED = `UPDATE warning_event
   SET attempts = attempts + 1, last_error = $2,
       next_attempt_at = now() + make_interval(secs => least(power(2, attempts + 1), 3600))
 WHERE id = $1 RETURNING attempts`;
const RELEASE =
  'UPDATE warning_event SET next_attempt_at = now() WHERE id = ANY ($1::bigint[]) AND delivered_at IS NULL';

/** Where warning changes are POSTed (`WARNING_WEBHOOK_URL`) and the key they are signed with. */
export interface WarningWebhook {
  url: string;
  secret: string;
}

/** A failing event is tried this many times, then left undelivered (and logged). */
export const MAX_ATTEMPTS = 10;

/** The JSON body of one delivery. */
export interface WarningDelivery {
  event: 'warning.opened' | 'warning.acknowledged' | 'warning.closed';
  /** The outbox event's id: the same on every retry, so a receiver can drop duplicates. */
  deliveryId: number;
  /** When the change happened (ISO 8601, UTC). */
  at: string;
  /** The warning as it is at delivery time (a late `opened` may already show `closed`). */
  warning: {
    id: number;
    rule: string;
    topic: string;
    subject: { kind: string; id: number };
    orgId: number;
    figure: Record<string, unknown>;
    severity: string;
    due: string | null;
    state: string;
  };
}

export interface DeliveryOptions {
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Events claimed at a time (default 20). */
  batch?: number;
}

export interface DeliveryResult {
  delivered: number;
  /** Attempts that failed in this run (at most one: a run stops at the first failure). */
  failed: number;
}

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>`, as sent in `x-redmap-signature`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface ClaimedEvent {
  id: number;
  kind: 'opened' | 'acknowledged' | 'closed';
  attempts: number;
  at: string;
  warning: WarningDelivery['warning'];
}

/** POSTs one event; resolves to an error text, or null on a 2xx. */
async function post(hook: WarningWebhook, event: ClaimedEvent, timeoutMs: number): Promise<string | null> {
  const payload: WarningDelivery = {
    event: `warning.${event.kind}`,
    deliveryId: event.id,
    at: event.at,
    warning: event.warning,
  };
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-redmap-event': payload.event,
        'x-redmap-delivery': String(event.id),
        'x-redmap-timestamp': timestamp,
        'x-redmap-signature': signWebhook(hook.secret, timestamp, body),
      },
      body,
      // A redirect is a failure: the signed body goes only where it was configured to go.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err instanceof Error ? err.message : String(err)}${cause}`;
  }
}

/**
 * Delivers the pending `warning_event` outbox to the webhook, oldest first, until none is due. A
 * failed attempt backs that event off (2^attempts s, at most an hour) and ends the run, so a
 * receiver that is down gets one request per run, not the whole backlog; after
 * {@link MAX_ATTEMPTS} the event is given up. Several processes may run this at once: claims skip
 * each other's rows. Delivery is at least once; receivers drop repeats by `deliveryId`.
 */
export async function deliverWarningEvents(
  pool: pg.Pool,
  hook: WarningWebhook,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batch = options.batch ?? 20;
  // Long enough for a whole batch of slow requests, so no other run takes them meanwhile.
  const leaseSeconds = Math.ceil((batch * timeoutMs) / 1000) + 60;
  const result: DeliveryResult = { delivered: 0, failed: 0 };
  for (;;) {
    const { rows } = await pool.query<ClaimedEvent>(CLAIM, [batch, leaseSeconds, MAX_ATTEMPTS]);
    for (const [i, event] of rows.entries()) {
      const error = await post(hook, event, timeoutMs);
      if (error === null) {
        await pool.query(DELIVERED, [event.id]);
        result.delivered++;
        continue;
      }
      const failed = await pool.query<{ attempts: number }>(FAILED, [event.id, error.slice(0, 1000)]);
      const attempts = failed.rows[0]?.attempts ?? event.attempts + 1;
      result.failed++;
      console.warn(
        attempts >= MAX_ATTEMPTS
          ? `warning webhook: giving up on event ${event.id} after ${attempts} attempts: ${error}`
          : `warning webhook: event ${event.id}, attempt ${attempts} failed: ${error}`,
      );
      const untried = rows.slice(i + 1).map((e) => e.id);
      if (untried.length > 0) await pool.query(RELEASE, [untried]);
      return result;
    }
    if (rows.length < batch) return result;
  }
}
