import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoveringInstance, exact, greedy } from './optimise.ts';

/** The best weight any k candidates cover, by trying every subset of size ≤ k. */
function bruteForce(instance: CoveringInstance, k: number): number {
  const n = instance.covers.length;
  let best = 0;
  const choose = (start: number, left: number, covered: Set<number>) => {
    best = Math.max(
      best,
      [...covered].reduce((s, i) => s + (instance.weights[i] ?? 0), 0),
    );
    if (left === 0) return;
    for (let c = start; c < n; c++) choose(c + 1, left - 1, new Set([...covered, ...(instance.covers[c] ?? [])]));
  };
  choose(0, k, new Set());
  return best;
}

const objective = (instance: CoveringInstance, candidates: number[]) =>
  [...new Set(candidates.flatMap((c) => instance.covers[c] ?? []))].reduce((s, i) => s + (instance.weights[i] ?? 0), 0);

/** Small random instances: up to 9 candidates over up to 12 items with weights 0.5–3. */
const instances = fc
  .record({
    items: fc.integer({ min: 1, max: 12 }),
    candidates: fc.integer({ min: 1, max: 9 }),
    seed: fc.array(fc.array(fc.nat(), { maxLength: 6 }), { minLength: 9, maxLength: 9 }),
    weights: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 12, maxLength: 12 }),
  })
  .map(({ items, candidates, seed, weights }) => ({
    covers: seed.slice(0, candidates).map((list) => [...new Set(list.map((x) => x % items))].sort((a, b) => a - b)),
    weights: weights.slice(0, items).map((w) => w / 2),
  }));

describe('maximal covering', () => {
  // Three villages in a row and a border: A covers sites 0, 1; B covers 1, 2, 3; C covers 3 and
  // segment 4 (weight 2.5: 2.5 km at weight 1); D covers site 0 only.
  const row: CoveringInstance = { covers: [[0, 1], [1, 2, 3], [3, 4], [0]], weights: [1, 1, 1, 1, 2.5] };

  it('picks the hand-made case greedily with exactly the expected gains', () => {
    // C first (a site and 2.5 km: 3.5), then A and B tie at 2 and the lower index (A) wins, then
    // B's last site; D has nothing left to add.
    expect(greedy(row, 3).map((p) => [p.candidate, p.gain, p.items])).toEqual([
      [2, 3.5, [3, 4]],
      [0, 2, [0, 1]],
      [1, 1, [2]],
    ]);
    expect(greedy(row, 4)).toHaveLength(3);
  });

  it('never covers less with a larger k, and stops when nothing is left to gain', () => {
    fc.assert(
      fc.property(instances, fc.integer({ min: 0, max: 5 }), (instance, k) => {
        const total = (kk: number) => greedy(instance, kk).reduce((s, p) => s + p.gain, 0);
        expect(total(k + 1)).toBeGreaterThanOrEqual(total(k));
        for (const p of greedy(instance, k)) expect(p.gain).toBeGreaterThan(0);
      }),
    );
  });

  it('solves small random cases exactly: the optimum equals brute force and is at least greedy', async () => {
    await fc.assert(
      fc.asyncProperty(instances, fc.integer({ min: 1, max: 4 }), async (instance, k) => {
        const best = bruteForce(instance, k);
        const solved = await exact(instance, k);
        expect(solved?.status).toBe('Optimal');
        expect(solved?.candidates.length).toBeLessThanOrEqual(k);
        expect(solved?.objective).toBeCloseTo(best, 6);
        expect(objective(instance, solved?.candidates ?? [])).toBeCloseTo(best, 6);
        const g = greedy(instance, k).reduce((s, p) => s + p.gain, 0);
        expect(best).toBeGreaterThanOrEqual(g - 1e-9);
        // The classic bound: greedy reaches at least 1 − 1/e of the optimum.
        expect(g).toBeGreaterThanOrEqual((1 - 1 / Math.E) * best - 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('finds where greedy falls short of the optimum', async () => {
    // The big middle candidate lures greedy: it then adds one more item (5); the two flanks cover all 6.
    const trap: CoveringInstance = {
      covers: [
        [0, 1, 2, 3],
        [0, 1, 4],
        [2, 3, 5],
      ],
      weights: [1, 1, 1, 1, 1, 1],
    };
    expect(greedy(trap, 2).reduce((s, p) => s + p.gain, 0)).toBe(5);
    expect((await exact(trap, 2))?.objective).toBeCloseTo(6, 6);
  });
});
