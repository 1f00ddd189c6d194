/**
 * Failed attempts per key (a terminal, a source address) in a sliding window: once a key has
 * `limit` failures within `windowMs`, further attempts are refused unchecked until the oldest
 * failure ages out. In memory: one ingest process (DESIGN §7 names the bus for more).
 */
export class FailedAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether `key` is over its limit now. */
  blocked(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  /** Counts a failure of `key`. */
  fail(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    // Keys seen once and never again must not pile up.
    if (this.failures.size > 100_000) this.prune(now);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}

/** How many refusals per terminal and per source address a listener allows within `windowMs`. */
export interface RefusalLimits {
  perTerminal: number;
  perAddress: number;
  windowMs: number;
}

/** Defaults for the device listeners: 5 per terminal, 20 per address, in 10 minutes. */
export const DEFAULT_REFUSALS: RefusalLimits = { perTerminal: 5, perAddress: 20, windowMs: 10 * 60_000 };

/**
 * A device listener's refused logins, counted per terminal and per source address: past either
 * limit every attempt is refused unchecked. Each counted refusal is logged; attempts refused
 * while blocked are not, so the log stays bounded under a flood.
 */
export class Refusals {
  private readonly terminals: FailedAttempts;
  private readonly addresses: FailedAttempts;

  constructor(
    private readonly protocol: string,
    limits: RefusalLimits = DEFAULT_REFUSALS,
  ) {
    this.terminals = new FailedAttempts(limits.perTerminal, limits.windowMs);
    this.addresses = new FailedAttempts(limits.perAddress, limits.windowMs);
  }

  blocked(terminal: string, address: string): boolean {
    return this.terminals.blocked(terminal) || this.addresses.blocked(address);
  }

  refuse(terminal: string, address: string, what: string): void {
    this.terminals.fail(terminal);
    this.addresses.fail(address);
    console.warn(`${this.protocol}: refused ${what} of terminal ${terminal} from ${address}`);
  }
}
