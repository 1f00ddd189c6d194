import highsLoader from 'highs';

/**
 * Maximal covering: pick at most k candidates so that the weight of the items they cover is
 * largest. Items are uncovered sites (weight 1) and uncovered border segments (weight: the
 * border-km weight times the segment's length).
 */
export interface CoveringInstance {
  /** For each candidate, the indices of the items it covers. */
  covers: number[][];
  weights: number[];
}

export interface Pick {
  candidate: number;
  /** Weight newly covered by this pick, given the earlier ones. */
  gain: number;
  /** Items newly covered by this pick. */
  items: number[];
}

/**
 * Lazy greedy (Minoux): a candidate's gain can only shrink as others are picked, so the stale
 * gains in a max-heap are upper bounds and only the top needs recomputing. Ties go to the lower
 * candidate index, so the picks are deterministic. Stops early when nothing more is gained.
 */
export function greedy(instance: CoveringInstance, k: number): Pick[] {
  const covered = new Uint8Array(instance.weights.length);
  const gainOf = (c: number) =>
    (instance.covers[c] ?? []).reduce((s, i) => s + (covered[i] ? 0 : (instance.weights[i] ?? 0)), 0);
  const heap = new MaxHeap(instance.covers.map((_, c) => ({ candidate: c, bound: gainOf(c) })));
  const picks: Pick[] = [];
  while (picks.length < k && heap.size > 0) {
    const top = heap.pop();
    if (!top) break;
    const gain = gainOf(top.candidate);
    const next = heap.peek();
    if (next && (gain < next.bound || (gain === next.bound && next.candidate < top.candidate))) {
      heap.push({ candidate: top.candidate, bound: gain });
      continue;
    }
    if (gain <= 0) break;
    const items = (instance.covers[top.candidate] ?? []).filter((i) => !covered[i]);
    for (const i of items) covered[i] = 1;
    picks.push({ candidate: top.candidate, gain, items });
  }
  return picks;
}

/** Instances up to this size (candidates × items with a cover) go to the exact solver. */
export const EXACT_LIMIT = { candidates: 3000, items: 20_000, nonzeros: 200_000 };

export interface Exact {
  status: string;
  objective: number;
  candidates: number[];
  seconds: number;
}

/**
 * The exact optimum with the HiGHS MILP solver (WebAssembly): maximise Σ wᵢ yᵢ subject to
 * Σ xc ≤ k and yᵢ ≤ Σ_{c covers i} xc, x binary, 0 ≤ y ≤ 1 (y is integral at an optimum).
 * Null when the instance is over EXACT_LIMIT. `time_limit` bounds a hard instance; its status
 * then says so and the objective is the best found.
 */
export async function exact(instance: CoveringInstance, k: number, timeLimitS = 20): Promise<Exact | null> {
  const byItem = new Map<number, number[]>();
  let nonzeros = 0;
  instance.covers.forEach((items, c) => {
    for (const i of items) {
      const list = byItem.get(i) ?? [];
      list.push(c);
      byItem.set(i, list);
      nonzeros++;
    }
  });
  if (
    instance.covers.length > EXACT_LIMIT.candidates ||
    byItem.size > EXACT_LIMIT.items ||
    nonzeros > EXACT_LIMIT.nonzeros
  ) {
    return null;
  }
  if (byItem.size === 0 || k === 0) return { status: 'Optimal', objective: 0, candidates: [], seconds: 0 };
  const items = [...byItem.keys()].sort((a, b) => a - b);
  const lines = [
    'Maximize',
    ` obj: ${items.map((i) => `${num(instance.weights[i] ?? 0)} y${i}`).join(' + ')}`,
    'Subject To',
  ];
  lines.push(` k: ${instance.covers.map((_, c) => `x${c}`).join(' + ')} <= ${k}`);
  for (const i of items) lines.push(` c${i}: y${i} ${(byItem.get(i) ?? []).map((c) => `- x${c}`).join(' ')} <= 0`);
  lines.push(
    'Bounds',
    ...items.map((i) => ` 0 <= y${i} <= 1`),
    'Binary',
    ...instance.covers.map((_, c) => ` x${c}`),
    'End',
  );
  const highs = await loadHighs();
  const t0 = performance.now();
  const solution = highs.solve(lines.join('\n'), { time_limit: timeLimitS, output_flag: false });
  const primal = (name: string) => {
    const column = solution.Columns[name];
    return column && 'Primal' in column ? column.Primal : 0;
  };
  const picked = instance.covers.map((_, c) => c).filter((c) => primal(`x${c}`) > 0.5);
  return {
    status: solution.Status,
    objective: solution.ObjectiveValue,
    candidates: picked,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** A weight in LP format (no exponent notation). */
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(9));

let loaded: ReturnType<typeof highsLoader> | undefined;
/** The solver's WebAssembly, instantiated once per process. */
const loadHighs = () => {
  loaded ??= highsLoader();
  return loaded;
};

interface Entry {
  candidate: number;
  bound: number;
}

/** A binary max-heap on `bound`, ties to the lower candidate. */
class MaxHeap {
  private readonly a: Entry[] = [];
  constructor(entries: Entry[]) {
    for (const e of entries) this.push(e);
  }
  get size() {
    return this.a.length;
  }
  peek(): Entry | undefined {
    return this.a[0];
  }
  private above(x: Entry, y: Entry) {
    return x.bound > y.bound || (x.bound === y.bound && x.candidate < y.candidate);
  }
  push(e: Entry) {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.above(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.above(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
