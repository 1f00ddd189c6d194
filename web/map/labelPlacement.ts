/**
 * Which point labels fit at a zoom without overlapping each other or other points' symbols.
 * deck.gl's TextLayer draws every label it is given; MapLibre's collision detection does not see
 * deck.gl's layers. With a few hundred seats at most on one screen a greedy pass in screen space
 * is enough: labels in priority order, each kept when its box hits no kept label and no other
 * point's symbol. Positions are projected to Web Mercator pixels at the zoom (512 px tiles, as
 * MapLibre), so the result depends only on the zoom, not on where the map is panned.
 */

/** A point with a label: where, its text, and how much it matters (higher first). */
export interface LabelCandidate {
  position: readonly [number, number];
  text: string;
  priority: number;
  /** This point's own offset down to the label, when not {@link LabelMetrics.offsetY}. */
  offsetY?: number;
}

/** Label geometry in pixels. */
export interface LabelMetrics {
  /** Font size. */
  size: number;
  /** From the point down to the label's top edge (the label hangs under the symbol). */
  offsetY: number;
  /** Side of the square symbol drawn at each point. */
  symbol: number;
  /** Clear space kept around every label. */
  padding: number;
}

type Box = [minX: number, minY: number, maxX: number, maxY: number];

/** Web Mercator pixels at zoom z (MapLibre's 512-px world). */
function project([lon, lat]: readonly [number, number], z: number): [number, number] {
  const world = 512 * 2 ** z;
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * world, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * world];
}

/** Width of a label in pixels: full-width characters take an em, others about half. */
export function labelWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60]/.test(ch) ? 1 : 0.55;
  return em * size;
}

/**
 * Map labels without full-width brackets: a full-width （ or ） keeps a whole em of which the mark
 * fills the outer half, so on the map "党支部（办公室）" reads with a hole before and after the
 * bracket. The ASCII brackets of the CJK font sit tight.
 */
export function compactLabel(text: string): string {
  return text.replace(/（/g, '(').replace(/）/g, ')');
}

const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** A uniform grid over screen boxes, so each test looks at neighbours only. */
class BoxGrid {
  private readonly cells = new Map<string, Box[]>();
  constructor(private readonly cell: number) {}
  private keys([x0, y0, x1, y1]: Box): string[] {
    const keys: string[] = [];
    for (let i = Math.floor(x0 / this.cell); i <= Math.floor(x1 / this.cell); i++)
      for (let j = Math.floor(y0 / this.cell); j <= Math.floor(y1 / this.cell); j++) keys.push(`${i}:${j}`);
    return keys;
  }
  hits(box: Box, except?: Box): boolean {
    return this.keys(box).some((k) => this.cells.get(k)?.some((b) => b !== except && overlaps(b, box)));
  }
  add(box: Box): void {
    for (const k of this.keys(box)) {
      const list = this.cells.get(k);
      if (list) list.push(box);
      else this.cells.set(k, [box]);
    }
  }
}

/**
 * The candidates whose labels are drawn at zoom `z`, in their input order. Ties in priority go
 * to the earlier candidate, so the choice is stable from frame to frame.
 */
export function placeLabels<T extends LabelCandidate>(candidates: readonly T[], z: number, m: LabelMetrics): T[] {
  const points = candidates.map((c) => project(c.position, z));
  const half = m.symbol / 2;
  const symbols = new BoxGrid(128);
  const symbolBoxes = points.map(([x, y]): Box => [x - half, y - half, x + half, y + half]);
  for (const box of symbolBoxes) symbols.add(box);

  const order = candidates.map((_, i) => i).sort((a, b) => candidates[b]!.priority - candidates[a]!.priority || a - b);
  const labels = new BoxGrid(128);
  const kept = new Set<number>();
  for (const i of order) {
    const [x, y] = points[i]!;
    const w = labelWidth(candidates[i]!.text, m.size) / 2 + m.padding;
    const top = y + (candidates[i]!.offsetY ?? m.offsetY) - m.padding;
    const box: Box = [x - w, top, x + w, top + m.size * 1.25 + 2 * m.padding];
    if (labels.hits(box) || symbols.hits(box, symbolBoxes[i])) continue;
    labels.add(box);
    kept.add(i);
  }
  return candidates.filter((_, i) => kept.has(i));
}
