/**
 * JT/T 808 framing: a message travels as `7E escape(header + body + check code) 7E`, where the check
 * code is the XOR of header and body, and escaping (which covers the check code too) replaces 0x7E with
 * `7D 02` and 0x7D with `7D 01`, so the flag byte never occurs inside a frame. Pure functions plus a
 * streaming splitter for TCP; no I/O.
 */

/** Frame delimiter. */
export const FLAG = 0x7e;
/** Escape byte: `7D 02` stands for 0x7E and `7D 01` for 0x7D. */
export const ESCAPE = 0x7d;
const ESCAPED_FLAG = 0x02;
const ESCAPED_ESCAPE = 0x01;

/** Shortest un-escaped frame: the 12-byte 2013 header with an empty body, plus the check code. */
export const MIN_FRAME_BYTES = 13;
/**
 * Longest legal un-escaped frame: 2019 header (17 bytes) + subpackage fields (4) + the largest body the
 * 10-bit length field allows (1023) + check code (1).
 */
export const MAX_FRAME_BYTES = 17 + 4 + 1023 + 1;
/** Longest legal frame on the wire (flags excluded): every byte of the longest frame escaped. */
export const MAX_ESCAPED_FRAME_BYTES = 2 * MAX_FRAME_BYTES;

/** XOR of `data[start..end)`: the JT/T 808 check code. */
export function checkCode(data: Uint8Array, start = 0, end = data.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= data[i]!;
  return x;
}

/** Escapes 0x7E and 0x7D; the result contains no 0x7E. */
export function escapeBytes(data: Uint8Array): Buffer {
  let specials = 0;
  for (const b of data) if (b === FLAG || b === ESCAPE) specials++;
  const out = Buffer.allocUnsafe(data.length + specials);
  let o = 0;
  for (const b of data) {
    if (b === FLAG || b === ESCAPE) {
      out[o++] = ESCAPE;
      out[o++] = b === FLAG ? ESCAPED_FLAG : ESCAPED_ESCAPE;
    } else out[o++] = b;
  }
  return out;
}

/**
 * Reverses {@link escapeBytes} into a new buffer. Returns null when a 0x7D is followed by anything other than
 * 01 or 02, or ends the input: such a frame was corrupted and must not be guessed at.
 */
export function unescapeBytes(data: Uint8Array): Buffer | null {
  const out = Buffer.allocUnsafe(data.length);
  let o = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b !== ESCAPE) {
      out[o++] = b;
      continue;
    }
    const next = data[++i];
    if (next === ESCAPED_FLAG) out[o++] = FLAG;
    else if (next === ESCAPED_ESCAPE) out[o++] = ESCAPE;
    else return null;
  }
  return out.subarray(0, o);
}

/** Wire form of a message (header + body): appends the check code, escapes, and adds both flags. */
export function wrapFrame(message: Uint8Array): Buffer {
  const withCheck = Buffer.allocUnsafe(message.length + 1);
  withCheck.set(message);
  withCheck[message.length] = checkCode(message);
  return Buffer.concat([Buffer.of(FLAG), escapeBytes(withCheck), Buffer.of(FLAG)]);
}

/**
 * What the splitter delivers: an un-escaped frame (header + body + check code, flags removed), or a
 * frame it had to drop: `escape` for a 0x7D followed by a byte other than 01/02, `oversize` when more
 * than the maximum arrived without a closing flag (`bytes`: escaped bytes seen, the rest up to the next
 * flag is counted as garbage).
 */
export type SplitItem = { ok: true; frame: Buffer } | { ok: false; reason: 'escape' | 'oversize'; bytes: number };

export interface FrameSplitterOptions {
  /** Escaped bytes a frame may have before it is dropped as oversize (default {@link MAX_ESCAPED_FRAME_BYTES}). */
  maxFrameBytes?: number;
  /**
   * Un-escaped frames shorter than this are counted as garbage, not delivered (default
   * {@link MIN_FRAME_BYTES}): with shared flags, bytes between two frames look like a frame.
   */
  minFrameBytes?: number;
}

/**
 * Cuts a TCP byte stream into frames. Feed it chunks as they arrive; a frame may span chunks. Every 0x7E
 * both closes the frame before it (if any) and opens the next, so `7E a 7E 7E b 7E` and `7E a 7E b 7E`
 * both give frames a and b, and an empty `7E 7E` is just two flags.
 */
export class FrameSplitter {
  /**
   * Bytes dropped without a report: before the first flag, between flags when too short to be a frame
   * (a third flag in a row counts one), and the rest of an oversize frame up to the next flag.
   */
  garbageBytes = 0;
  private readonly maxFrameBytes: number;
  private readonly minFrameBytes: number;
  /** Escaped bytes of the frame being collected, in pieces as they arrived. */
  private pieces: Buffer[] = [];
  private length = 0;
  /** False before the first flag and after an oversize frame: bytes are skipped until the next flag. */
  private inFrame = false;
  /** The last flag closed an empty frame. */
  private afterEmpty = false;

  constructor(options: FrameSplitterOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_ESCAPED_FRAME_BYTES;
    this.minFrameBytes = options.minFrameBytes ?? MIN_FRAME_BYTES;
  }

  /** Takes the next chunk of the stream and returns the frames (and dropped frames) it completed. */
  push(chunk: Buffer): SplitItem[] {
    const items: SplitItem[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const flag = chunk.indexOf(FLAG, pos);
      const end = flag === -1 ? chunk.length : flag;
      if (end > pos) this.take(chunk.subarray(pos, end), items);
      if (flag === -1) break;
      this.closeFrame(items);
      pos = flag + 1;
    }
    return items;
  }

  /** Bytes between flags: part of the current frame, or garbage when outside one. */
  private take(bytes: Buffer, items: SplitItem[]): void {
    if (!this.inFrame) {
      this.garbageBytes += bytes.length;
      return;
    }
    if (this.length + bytes.length > this.maxFrameBytes) {
      items.push({ ok: false, reason: 'oversize', bytes: this.length + bytes.length });
      this.reset(false);
      this.afterEmpty = false;
      return;
    }
    // Copy: the caller may reuse the chunk's memory once push() returns.
    this.pieces.push(Buffer.from(bytes));
    this.length += bytes.length;
  }

  /** A flag: delivers the frame collected so far, if any, and starts the next. */
  private closeFrame(items: SplitItem[]): void {
    // Escaping only lengthens, so an escaped piece shorter than the minimum is garbage without looking.
    if (this.length >= this.minFrameBytes) {
      const frame = unescapeBytes(this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.length));
      if (!frame) items.push({ ok: false, reason: 'escape', bytes: this.length });
      else if (frame.length < this.minFrameBytes) this.garbageBytes += this.length;
      else items.push({ ok: true, frame });
    } else if (this.length > 0) this.garbageBytes += this.length;
    // Two flags may stand between frames; a third in a row closes nothing and is garbage, so a
    // stream of bare 0x7E counts against the connection's garbage limit.
    else if (this.afterEmpty) this.garbageBytes += 1;
    this.afterEmpty = this.length === 0;
    this.reset(true);
  }

  private reset(inFrame: boolean): void {
    this.pieces = [];
    this.length = 0;
    this.inFrame = inFrame;
  }
}
