import { type ClientResponse, hc } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
// Type-only: the server's route types are the single source of truth; no server code is bundled.
import type { Api } from '../../api/app.ts';

/**
 * The typed API client. The session is an HttpOnly same-origin cookie, so fetch sends it by
 * default and the client never handles a token.
 */
export const api = hc<Api>('/api');

/** An API failure with the server's `{ error: { code, message } }` (or a synthetic code). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** Stable machine code, e.g. `bad_credentials`, `not_found`; the UI translates by code. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body type of the success responses of an RPC call. */
export type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, infer F>
    ? S extends SuccessStatusCode
      ? F extends 'json'
        ? T
        : undefined
      : never
    : never;

type AnyClientResponse = ClientResponse<unknown, number, string>;

// Listeners told when any call answers 401 `unauthenticated`, so an expired session anywhere in
// the app sends the user back to the login page instead of leaving half-loaded panels.
const expiryListeners = new Set<() => void>();

/** Subscribes to "the session is gone"; returns the unsubscribe function. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** Awaits an RPC call and throws an {@link ApiError} unless it succeeded. */
export async function ensureOk<R extends AnyClientResponse>(call: Promise<R>): Promise<R> {
  let res: R;
  try {
    res = await call;
  } catch (err) {
    // Aborts are the caller's own doing (an unmounted view); let them through untouched.
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (res.ok) return res;
  const error = await readError(res);
  if (error.code === 'unauthenticated') for (const listener of expiryListeners) listener();
  throw error;
}

/** Awaits an RPC call and returns its JSON body, typed from the server's route. */
export async function unwrap<R extends AnyClientResponse>(call: Promise<R>): Promise<SuccessBody<R>> {
  const res = await ensureOk(call);
  if (res.status === 204) return undefined as SuccessBody<R>;
  return (await res.json()) as SuccessBody<R>;
}

/** Reads `{ error: { code, message } }`; proxies and crashes may answer with anything else. */
async function readError(res: AnyClientResponse): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && isRecord(body.error)) {
      const { code, message } = body.error;
      if (typeof code === 'string' && typeof message === 'string') return new ApiError(res.status, code, message);
    }
  } catch {
    // Not JSON: fall through to a generic error that still carries the status.
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`);
}

/** Narrows `unknown` to a plain object for safe property reads. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
