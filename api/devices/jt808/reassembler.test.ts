import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BatchType,
  decodeBody,
  decodeFrame,
  encodeBody,
  encodeFrame,
  type Jt808Header,
  type LocationBatch,
  MsgId,
} from './codec.ts';
import { contentOf } from './fixtures/vectors.ts';
import { FrameSplitter } from './frame.ts';
import { Reassembler } from './reassembler.ts';

// A backfill too big for one frame: T6's eight reports, five times over (about 1.6 KB).
const t6 = decodeFrame(contentOf('T6'));
if (!t6.ok || t6.message.body.type !== 'locationBatch') throw new Error('T6 does not decode');
const batch: LocationBatch = { ...t6.message.body, reports: Array(5).fill(t6.message.body.reports).flat() };
const body = encodeBody(batch, 2013);

/** A package as decoded: its header and raw body. */
type Package = Jt808Header & { data: Buffer };

/**
 * What the platform decodes from a terminal that sends `data` cut into `size`-byte packages, with serials
 * from `firstSerial`: each package goes through encode → split → decodeFrame.
 */
function packages(data: Buffer, size: number, firstSerial: number, phoneBcd = '13800138000'): Package[] {
  const total = Math.ceil(data.length / size);
  const splitter = new FrameSplitter();
  return Array.from({ length: total }, (_, i) => {
    const part = data.subarray(i * size, (i + 1) * size);
    const serial = (firstSerial + i) & 0xffff;
    const wire = encodeFrame(
      { msgId: MsgId.locationBatch, layout: 2013, phoneBcd, serial, packet: { total, index: i + 1 } },
      part,
    );
    const [item] = splitter.push(wire);
    const r = item?.ok ? decodeFrame(item.frame) : undefined;
    if (!r?.ok || r.message.body.type !== 'raw') throw new Error('package does not decode raw');
    return { ...r.message.header, data: r.message.body.data };
  });
}

function feed(r: Reassembler, list: Package[], now = 0) {
  return list.map((p) => r.add(p, p.data, now));
}

describe('Reassembler', () => {
  it('joins packages that arrive in any order, and the body decodes to the batch', () => {
    expect(body.length).toBeGreaterThan(1023);
    const list = packages(body, 500, 100);
    expect(list.map((p) => p.packet)).toEqual([1, 2, 3, 4].map((index) => ({ total: 4, index })));
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }), (order) => {
        const results = feed(new Reassembler(), order);
        expect(results.slice(0, -1).every((r) => r.status === 'pending')).toBe(true);
        const last = results.at(-1)!;
        if (last.status !== 'complete') throw new Error(last.status);
        expect(last.header.serial).toBe(100); // package 1's header
        expect(last.body).toEqual(body);
        expect(decodeBody(last.header, last.body)).toMatchObject({ ok: true, message: { body: batch } });
      }),
      { numRuns: 30 },
    );
    expect(batch.batchType).toBe(BatchType.backfill);
  });

  it('counts a package sent twice once, and keeps messages of different terminals apart', () => {
    const r = new Reassembler();
    const a = packages(body, 600, 7, '13800000001');
    const b = packages(body, 600, 7, '13800000002');
    expect(feed(r, [a[0]!, a[0]!, b[1]!, a[1]!]).map((x) => x.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(r.size).toBe(2);
    expect(r.add(a[2]!, a[2]!.data, 0)).toMatchObject({ status: 'complete', body });
    expect(r.size).toBe(1);
  });

  it('finds the first serial across the 16-bit wrap', () => {
    const list = packages(body, 500, 0xfffe);
    expect(list.map((p) => p.serial)).toEqual([0xfffe, 0xffff, 0, 1]);
    const results = feed(new Reassembler(), list.reverse());
    expect(results.at(-1)).toMatchObject({ status: 'complete', header: { serial: 0xfffe }, body });
  });

  it('rejects package counts above the limit, bad indexes and a total that changes', () => {
    const r = new Reassembler({ maxPackets: 3 });
    const [first] = packages(body, 500, 1);
    expect(r.add(first!, first!.data, 0)).toMatchObject({ status: 'rejected' }); // 4 packages > 3
    const header = (packet: { total: number; index: number }, serial = 50): Jt808Header => ({
      ...first!,
      serial,
      packet,
    });
    expect(r.add(header({ total: 2, index: 0 }), body, 0)).toMatchObject({ status: 'rejected' });
    expect(r.add(header({ total: 2, index: 3 }), body, 0)).toMatchObject({ status: 'rejected' });
    expect(r.add(header({ total: 2, index: 1 }), body, 0)).toEqual({ status: 'pending' });
    expect(r.add(header({ total: 3, index: 2 }, 51), body, 0)).toMatchObject({ status: 'rejected' });
    const { packet: _, ...whole } = first!;
    expect(r.add(whole, body, 0)).toMatchObject({ status: 'rejected' });
  });

  it('drops the least recently fed message beyond maxPending', () => {
    const r = new Reassembler({ maxPending: 2 });
    const [a, b, c] = ['1', '2', '3'].map((phone) => packages(body, 500, 1, phone));
    feed(r, [a![0]!, b![0]!, a![1]!, c![0]!]); // b is the least recently fed when c arrives
    expect(r.size).toBe(2);
    expect(r.evict(Number.POSITIVE_INFINITY).map((m) => m.phone)).toEqual(['1', '3']);
  });

  it('evicts messages not fed within the timeout and says which packages are missing', () => {
    const r = new Reassembler({ timeoutMs: 1000 });
    const list = packages(body, 500, 40);
    r.add(list[0]!, list[0]!.data, 0);
    r.add(list[2]!, list[2]!.data, 500);
    expect(r.evict(1500)).toEqual([]);
    expect(r.evict(1501)).toEqual([
      { phone: '13800138000', msgId: MsgId.locationBatch, firstSerial: 40, missing: [2, 4] },
    ]);
    expect(r.size).toBe(0);
  });
});
