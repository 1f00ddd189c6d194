/**
 * Counts failed logins per username in a sliding window, so password guessing against one
 * account is slowed to `limit` tries per window. In memory: one process serves a prefecture
 * (DESIGN §7); several API nodes would keep this in the shared store.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds until the next try is allowed, or 0 when it is allowed now. */
  retryAfter(username: string, now = Date.now()): number {
    const recent = this.recent(username, now);
    if (recent.length < this.limit) return 0;
    return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
  }

  fail(username: string, now = Date.now()): void {
    this.failures.set(username, [...this.recent(username, now), now]);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string, now: number): number[] {
    const kept = (this.failures.get(username) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(username);
    return kept;
  }
}
