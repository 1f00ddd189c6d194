/**
 * Slows password guessing without letting anyone lock a user out. Two counts of failed logins:
 * - per account: the first `freeTries` failures cost nothing, then each one doubles a back-off
 *   (1 s, 2 s, 4 s … at most `maxBackoffMs`) during which every attempt, the right password too,
 *   is refused uncounted; an attacker can delay the account's owner by the back-off, never more;
 * - per client address, across accounts (password spraying): past `perAddress` failures in the
 *   window that address is refused until the oldest failure ages out.
 * In memory: one process serves a prefecture (DESIGN §7); several API nodes would share it.
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, number[]>();
  private readonly addresses = new Map<string, number[]>();

  constructor(
    private readonly freeTries = 5,
    private readonly maxBackoffMs = 60_000,
    private readonly perAddress = 30,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds until this account may try again from this address, or 0 when it may now. */
  retryAfter(username: string, address: string, now = Date.now()): number {
    const byAddress = this.recent(this.addresses, address, now);
    const addressWait = byAddress.length >= this.perAddress ? (byAddress[0] as number) + this.windowMs - now : 0;
    const byAccount = this.recent(this.accounts, username, now);
    const over = byAccount.length - this.freeTries;
    const backoff = over >= 0 ? Math.min(this.maxBackoffMs, 1000 * 2 ** over) : 0;
    const accountWait = over >= 0 ? (byAccount.at(-1) as number) + backoff - now : 0;
    const wait = Math.max(addressWait, accountWait);
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  fail(username: string, address: string, now = Date.now()): void {
    this.accounts.set(username, [...this.recent(this.accounts, username, now), now]);
    this.addresses.set(address, [...this.recent(this.addresses, address, now), now]);
  }

  /** A right password: the account starts afresh (the address keeps its count). */
  succeed(username: string): void {
    this.accounts.delete(username);
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const kept = (map.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) map.delete(key);
    return kept;
  }
}
