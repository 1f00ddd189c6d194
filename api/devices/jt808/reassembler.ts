/**
 * Joins the packages of a subpackaged JT/T 808 message (header bit 13): package i of n has serial
 * `first + i - 1`, so a message is keyed by terminal, message id and the serial of its first package.
 * Bounded in packages per message and in messages pending; time is passed in, there are no timers.
 */
import type { Jt808Header } from './codec.ts';

export interface ReassemblerOptions {
  /** Largest package count accepted (default 64, i.e. bodies up to 64 × 1023 bytes). */
  maxPackets?: number;
  /** Messages collected at once; a new one beyond this drops the least recently fed (default 16). */
  maxPending?: number;
  /** A message not fed for this long is abandoned by {@link Reassembler.evict} (default 60 s). */
  timeoutMs?: number;
}

/** What {@link Reassembler.add} made of a package. */
export type PackageResult =
  /** The last missing package: the header of package 1 and the joined body, for `decodeBody`. */
  | { status: 'complete'; header: Jt808Header; body: Buffer }
  | { status: 'pending' }
  /** Not a package this reassembler takes (bad index or total, or a total that changed). */
  | { status: 'rejected'; detail: string };

/** A message given up on, with the package indexes still missing (what 0x8003 would ask again for). */
export interface AbandonedMessage {
  phone: string;
  msgId: number;
  firstSerial: number;
  missing: number[];
}

interface Pending {
  phone: string;
  msgId: number;
  firstSerial: number;
  /** Header of package 1, once it arrived. */
  first?: Jt808Header;
  parts: (Buffer | undefined)[];
  received: number;
  lastSeen: number;
}

/** Collects packages until a message is complete. One per connection is enough; it is keyed by phone anyway. */
export class Reassembler {
  private readonly maxPackets: number;
  private readonly maxPending: number;
  private readonly timeoutMs: number;
  /** In order of last use, oldest first: a Map iterates in insertion order and each add re-inserts. */
  private readonly pending = new Map<string, Pending>();

  constructor(options: ReassemblerOptions = {}) {
    this.maxPackets = options.maxPackets ?? 64;
    this.maxPending = options.maxPending ?? 16;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Messages being collected. */
  get size(): number {
    return this.pending.size;
  }

  /** Adds one package (its header and raw body); `now` in milliseconds. */
  add(header: Jt808Header, data: Buffer, now: number): PackageResult {
    const packet = header.packet;
    if (!packet) return { status: 'rejected', detail: 'not a package: subpackage bit clear' };
    const { total, index } = packet;
    if (total < 1 || total > this.maxPackets) {
      return { status: 'rejected', detail: `${total} packages, at most ${this.maxPackets} taken` };
    }
    if (index < 1 || index > total) return { status: 'rejected', detail: `package ${index} of ${total}` };
    const firstSerial = (header.serial - index + 1) & 0xffff;
    const key = `${header.phone}/${header.msgId}/${firstSerial}`;
    let entry = this.pending.get(key);
    if (entry && entry.parts.length !== total) {
      return { status: 'rejected', detail: `package says ${total} packages, earlier ones said ${entry.parts.length}` };
    }
    if (entry) this.pending.delete(key);
    else {
      if (this.pending.size >= this.maxPending) this.pending.delete(this.pending.keys().next().value!);
      const parts = new Array<Buffer | undefined>(total).fill(undefined);
      entry = { phone: header.phone, msgId: header.msgId, firstSerial, parts, received: 0, lastSeen: now };
    }
    // A package sent again replaces the earlier copy.
    if (!entry.parts[index - 1]) entry.received++;
    entry.parts[index - 1] = Buffer.from(data);
    if (index === 1) entry.first = header;
    entry.lastSeen = now;
    if (entry.received < total) {
      this.pending.set(key, entry);
      return { status: 'pending' };
    }
    return { status: 'complete', header: entry.first!, body: Buffer.concat(entry.parts as Buffer[]) };
  }

  /** Drops the messages not fed for longer than the timeout and returns them. */
  evict(now: number): AbandonedMessage[] {
    const abandoned: AbandonedMessage[] = [];
    for (const [key, e] of this.pending) {
      if (now - e.lastSeen <= this.timeoutMs) continue;
      this.pending.delete(key);
      const missing = e.parts.flatMap((p, i) => (p ? [] : [i + 1]));
      abandoned.push({ phone: e.phone, msgId: e.msgId, firstSerial: e.firstSerial, missing });
    }
    return abandoned;
  }
}
