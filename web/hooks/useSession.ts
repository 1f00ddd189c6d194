import type { InferResponseType } from 'hono/client';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, ensureOk, onSessionExpired, unwrap } from '../lib/api.ts';

/** The signed-in user as `GET /api/auth/me` returns it. */
export type SessionUser = InferResponseType<typeof api.auth.me.$get, 200>;

/** Where the session stands. `expired` marks a session that ended while the app was open. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; user: SessionUser };

/** The session plus the actions that change it. */
export interface Session {
  state: SessionState;
  /** Signs in; rejects with an ApiError (e.g. `bad_credentials`) so the form can show it. */
  login: (username: string, password: string) => Promise<void>;
  /** Signs out on the server, then locally even if the server could not be reached. */
  logout: () => Promise<void>;
}

async function fetchMe(signal?: AbortSignal): Promise<SessionUser | null> {
  try {
    return await unwrap(api.auth.me.$get(undefined, { init: { signal } }));
  } catch (err) {
    // 401 is the ordinary "not signed in" answer, not a failure.
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Who is signed in (`GET /api/auth/me`: 200 → user, 401 → signed out). */
export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (user) => setState(user ? { status: 'authenticated', user } : { status: 'anonymous', expired: false }),
      () => {
        // Server unreachable at start-up: show the login page, whose submit reports the real error.
        if (!controller.signal.aborted) setState({ status: 'anonymous', expired: false });
      },
    );
    return () => controller.abort();
  }, []);

  // Any later 401 (cookie expired, server restarted with a new database) ends the session here.
  useEffect(
    () =>
      onSessionExpired(() =>
        setState((s) => (s.status === 'authenticated' ? { status: 'anonymous', expired: true } : s)),
      ),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    await ensureOk(api.auth.login.$post({ json: { username, password } }));
    // The login answer has no display name; /me is the one description of the user.
    const user = await fetchMe();
    if (!user) throw new ApiError(401, 'unauthenticated', 'session cookie was not accepted');
    setState({ status: 'authenticated', user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await ensureOk(api.auth.logout.$post());
    } finally {
      setState({ status: 'anonymous', expired: false });
    }
  }, []);

  return { state, login, logout };
}
