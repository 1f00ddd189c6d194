/**
 * The one definition of an online terminal: its latest fix is at most this old. SQL has it as
 * `terminal_online_window()` (migrations/0013_terminal_online.sql, used by every query that says
 * "online"); the web labels and the live layer's count use this copy, and
 * test/api/headline-counts.test.ts holds the two equal. Thirty minutes is the live layer's own
 * horizon: its dots fade out over that time, so what the map shows live is what is counted online.
 */
export const ONLINE_WINDOW_MINUTES = 30;

/** {@link ONLINE_WINDOW_MINUTES} in milliseconds. */
export const ONLINE_WINDOW_MS = ONLINE_WINDOW_MINUTES * 60_000;
