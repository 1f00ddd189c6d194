import type { Map as MaplibreMap } from 'maplibre-gl';
import { JOINT_POINT_COLOR, ORG_KIND_COLOR } from '../palette.ts';
import { ORG_KINDS, type OrgKind } from '../state.ts';

/**
 * The point symbols, drawn once on a canvas in the browser (no image files, no requests): one org
 * symbol per kind and star rating — the shape and colour say the kind, a row of gold stars under
 * it the rating —, the joint-point diamond and the warning badges' pills. Drawn at 2× and shown at
 * half size for sharp edges. MapLibre asks for each image the first time a layer needs it
 * ({@link provideIcons}).
 */

/** One icon's cell in the atlas. */
export interface IconCell {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface IconAtlas {
  canvas: HTMLCanvasElement;
  mapping: Record<string, IconCell>;
}

/** Cell size in atlas pixels: the shape in the top 64×64, the stars below. */
const CELL_W = 64;
const ORG_CELL_H = 84;
const SHAPE_CENTRE = 32;
const JOINT_CELL = 64;

/** Atlas pixels per screen pixel. */
export const ICON_SCALE = 2;
/**
 * An org image's centre lies this far below its shape's centre (the stars hang under the shape):
 * MapLibre anchors an icon at its centre, so the image is moved down by this much.
 */
export const ORG_ICON_OFFSET_PX = (ORG_CELL_H / 2 - SHAPE_CENTRE) / ICON_SCALE;
/** Screen height of the joint-point diamond. */
const JOINT_ICON_PX = JOINT_CELL / 2.5;
/** MapLibre's `icon-size` of the joint point: its image is JOINT_CELL / ICON_SCALE pixels high. */
export const JOINT_ICON_SIZE = JOINT_ICON_PX / (JOINT_CELL / ICON_SCALE);

const STAR_GOLD = '#ffc53d';
const STAR_EDGE = '#8a5a00';

/** The icon name of an org symbol; unknown kinds draw as a branch, ratings clamp to 0..5. */
export function orgIconName(kind: string, star: number | null): string {
  const k = (ORG_KINDS as readonly string[]).includes(kind) ? kind : 'branch';
  return `org:${k}:${Math.max(0, Math.min(5, star ?? 0))}`;
}

export const JOINT_ICON = 'joint-point';

/** Warning badge pills, one per text length (1, 2 or 3 characters) and severity. */
const BADGE_H = 32;
const BADGE_W = [32, 42, 54] as const;
const BADGE_FILL = { warning: '#f5222d', critical: '#a8071a' } as const;

/** The icon name of the pill behind a warning count's text. */
export function badgeIconName(text: string, critical: boolean): string {
  const length = Math.max(1, Math.min(BADGE_W.length, text.length));
  return `badge:${critical ? 'critical' : 'warning'}:${length}`;
}

function starPath(ctx: CanvasRenderingContext2D, cx: number, cy: number, outer: number, inner: number) {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    ctx.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  ctx.closePath();
}

function polygonPath(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number, sides: number, turn = 0) {
  ctx.beginPath();
  for (let i = 0; i < sides; i++) {
    const a = turn + (i * 2 * Math.PI) / sides;
    ctx.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  ctx.closePath();
}

/** Outline, size and emblem per kind: bigger and rounder up the hierarchy. */
const ORG_SHAPE: Record<OrgKind, { shape: 'circle' | 'square' | 'hexagon'; r: number; ring: boolean }> = {
  committee: { shape: 'circle', r: 27, ring: true },
  general_branch: { shape: 'circle', r: 22, ring: false },
  branch: { shape: 'circle', r: 17, ring: false },
  temporary_branch: { shape: 'square', r: 16, ring: false },
  joint_branch: { shape: 'hexagon', r: 19, ring: false },
};

function drawOrg(ctx: CanvasRenderingContext2D, ox: number, oy: number, kind: OrgKind, stars: number) {
  const { shape, r, ring } = ORG_SHAPE[kind];
  const cx = ox + CELL_W / 2;
  const cy = oy + SHAPE_CENTRE;
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.35)';
  ctx.shadowBlur = 4;
  ctx.shadowOffsetY = 1;
  if (shape === 'circle') {
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
  } else if (shape === 'square') {
    ctx.beginPath();
    ctx.roundRect(cx - r, cy - r, 2 * r, 2 * r, 6);
  } else {
    polygonPath(ctx, cx, cy, r, 6, Math.PI / 6);
  }
  ctx.fillStyle = ORG_KIND_COLOR[kind];
  ctx.fill();
  ctx.restore();
  ctx.lineWidth = 3.5;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  if (ring) {
    ctx.beginPath();
    ctx.arc(cx, cy, r - 6, 0, Math.PI * 2);
    ctx.lineWidth = 2;
    ctx.strokeStyle = STAR_GOLD;
    ctx.stroke();
  }
  // The emblem: a white star, golden on the committee.
  starPath(ctx, cx, cy + 1, r * 0.52, r * 0.22);
  ctx.fillStyle = ring ? STAR_GOLD : '#ffffff';
  ctx.fill();

  // The rating: n gold stars in a row under the shape.
  const size = 11;
  const y = oy + 72;
  const x0 = cx - ((stars - 1) * size) / 2;
  for (let i = 0; i < stars; i++) {
    starPath(ctx, x0 + i * size, y, 6.5, 2.8);
    ctx.fillStyle = STAR_GOLD;
    ctx.fill();
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = STAR_EDGE;
    ctx.stroke();
  }
}

function drawJointPoint(ctx: CanvasRenderingContext2D, ox: number, oy: number) {
  const c = JOINT_CELL / 2;
  const cx = ox + c;
  const cy = oy + c;
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.35)';
  ctx.shadowBlur = 4;
  polygonPath(ctx, cx, cy, 26, 4, -Math.PI / 2);
  ctx.fillStyle = JOINT_POINT_COLOR;
  ctx.fill();
  ctx.restore();
  ctx.lineWidth = 3.5;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  // Two linked rings: units building together (联建共建).
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  for (const dx of [-5, 5]) {
    ctx.beginPath();
    ctx.arc(cx + dx, cy, 7.5, 0, Math.PI * 2);
    ctx.stroke();
  }
}

function drawBadge(ctx: CanvasRenderingContext2D, ox: number, oy: number, width: number, fill: string) {
  ctx.beginPath();
  ctx.roundRect(ox + 1.5, oy + 1.5, width - 3, BADGE_H - 3, (BADGE_H - 3) / 2);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
}

let atlas: IconAtlas | null = null;

/** The symbol atlas, drawn on first use and kept for the page's lifetime. */
export function iconAtlas(): IconAtlas {
  if (atlas) return atlas;
  const starLevels = 6;
  const canvas = document.createElement('canvas');
  canvas.width = CELL_W * starLevels;
  canvas.height = ORG_CELL_H * ORG_KINDS.length + JOINT_CELL + 2 * BADGE_H;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas for the map symbols');
  const mapping: Record<string, IconCell> = {};
  ORG_KINDS.forEach((kind, row) => {
    for (let stars = 0; stars < starLevels; stars++) {
      const x = stars * CELL_W;
      const y = row * ORG_CELL_H;
      drawOrg(ctx, x, y, kind, stars);
      mapping[orgIconName(kind, stars)] = {
        x,
        y,
        width: CELL_W,
        height: ORG_CELL_H,
      };
    }
  });
  const jy = ORG_KINDS.length * ORG_CELL_H;
  drawJointPoint(ctx, 0, jy);
  mapping[JOINT_ICON] = {
    x: 0,
    y: jy,
    width: JOINT_CELL,
    height: JOINT_CELL,
  };
  // The badge pills: a white-rimmed red stadium that the count's text sits on (orgs.ts).
  (['warning', 'critical'] as const).forEach((severity, row) => {
    let x = 0;
    const y = jy + JOINT_CELL + row * BADGE_H;
    BADGE_W.forEach((width, i) => {
      drawBadge(ctx, x, y, width, BADGE_FILL[severity]);
      mapping[badgeIconName('x'.repeat(i + 1), severity === 'critical')] = {
        x,
        y,
        width,
        height: BADGE_H,
      };
      x += width;
    });
  });
  atlas = { canvas, mapping };
  return atlas;
}

/**
 * Gives `map` each symbol image the first time one of its layers asks for it (MapLibre's missing
 * image resolver), cut from the atlas at {@link ICON_SCALE}× pixel ratio. Images stay with the
 * map across restyles.
 */
export function provideIcons(map: MaplibreMap): void {
  map.setMissingStyleImageResolver((id) => {
    const { canvas, mapping } = iconAtlas();
    const cell = mapping[id];
    const ctx = canvas.getContext('2d');
    if (!cell || !ctx || map.hasImage(id)) return;
    map.addImage(id, ctx.getImageData(cell.x, cell.y, cell.width, cell.height), { pixelRatio: ICON_SCALE });
  });
}
