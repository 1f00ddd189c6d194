/**
 * The drawing session on a map: terra-draw draws the lines and polygons, this measures them as
 * they change and pins a result label to each. The area query's polygon (区域查询) is drawn by the
 * same terra-draw in a mode of its own, so only one drawing mode is ever active; it is not
 * measured, and there is at most one. React-free; MapTools owns one per map.
 *
 * terra-draw is loaded on first use, so the map page does not pay for it until someone draws.
 */
import type { Feature, Polygon, Position } from 'geojson';
import { type LayerSpecification, type Map as MapLibreMap, type MapMouseEvent, Marker } from 'maplibre-gl';
import type { TerraDraw } from 'terra-draw';
import { LINE_LABEL_OFFSET, type MapAnnotation } from './export.ts';
import { TOOL_LAYER_PREFIX } from './keepLayers.ts';
import { type Measurement, measureLine, measurePolygon } from './measure.ts';

/** The two measuring tools. */
export type MeasureTool = 'line' | 'area';
/** Every tool that draws: the measuring tools and the area query's polygon. */
export type DrawTool = MeasureTool | 'query';

/** terra-draw's mode of the area query's polygon (a second polygon mode, styled apart). */
const QUERY_MODE = 'area-query';

/** terra-draw's mode for each tool. */
const MODE: Record<DrawTool, string> = { line: 'linestring', area: 'polygon', query: QUERY_MODE };

/** terra-draw's line source; when it is gone, so are the others. */
const LINE_SOURCE = `${TOOL_LAYER_PREFIX}-linestring`;

/** Measurements stand apart from the red layers: a strong blue, as for a ruler. */
const COLOR = '#0958d9';
/** The query area stands apart from both the red layers and the blue rulers: amber. */
const QUERY_COLOR = '#d46b08';

/** What the tools panels show. */
export interface MeasureState {
  tool: DrawTool | null;
  /** terra-draw is loaded and listening to the map. */
  ready: boolean;
  /** A line or polygon (a measurement or the query area) is being drawn. */
  drawing: boolean;
  /** The measurement being drawn, else the last one finished. */
  current: Measurement | null;
  /** How many measurements are on the map (the query area is not one). */
  count: number;
  /** The query area once finished, WGS84; null while none is (or being drawn). */
  area: Polygon | null;
}

export const IDLE_STATE: MeasureState = {
  tool: null,
  ready: false,
  drawing: false,
  current: null,
  count: 0,
  area: null,
};

/**
 * Whether the session takes the map's clicks: while a tool is on, except once the query area is
 * drawn (the map then goes back to selecting features until the area is redrawn).
 */
export function capturesClicks(state: MeasureState): boolean {
  return state.tool !== null && !(state.tool === 'query' && state.area !== null);
}

interface Shape {
  measurement: Measurement;
  /** Where its label sits: the last vertex of a line, a point inside a polygon. */
  anchor: Position;
  drawing: boolean;
  marker: Marker | null;
}

/** Writes a measurement as the text of its map label. */
export type LabelText = (m: Measurement) => string;

/** Resolves once layers can be added to the map's style. */
function whenStyleLoaded(map: MapLibreMap): Promise<void> {
  if (map.isStyleLoaded()) return Promise.resolve();
  return new Promise((resolve) => {
    // `isStyleLoaded` is also false while tiles load; `idle` comes once everything has.
    const done = () => {
      if (!map.isStyleLoaded()) return;
      map.off('styledata', done);
      map.off('idle', done);
      resolve();
    };
    map.on('styledata', done);
    map.on('idle', done);
  });
}

/** A terra-draw on `map` with the two measuring modes, styled as rulers, and the query's polygon mode. */
function createDraw(
  map: MapLibreMap,
  {
    TerraDraw,
    TerraDrawLineStringMode,
    TerraDrawPolygonMode,
    ValidateNotSelfIntersecting,
  }: typeof import('terra-draw'),
  { TerraDrawMapLibreGLAdapter }: typeof import('terra-draw-maplibre-gl-adapter'),
): TerraDraw {
  const point = {
    closingPointColor: '#ffffff',
    closingPointOutlineColor: COLOR,
    closingPointWidth: 4,
    closingPointOutlineWidth: 2,
  } as const;
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: TOOL_LAYER_PREFIX }),
    modes: [
      new TerraDrawLineStringMode({
        // Escape is handled by MapTools wherever the focus is; Enter finishes on the map.
        keyEvents: { cancel: null, finish: 'Enter' },
        styles: { lineStringColor: COLOR, lineStringWidth: 3, ...point },
      }),
      new TerraDrawPolygonMode({
        keyEvents: { cancel: null, finish: 'Enter' },
        styles: { fillColor: COLOR, fillOpacity: 0.15, outlineColor: COLOR, outlineWidth: 2, ...point },
      }),
      new TerraDrawPolygonMode({
        modeName: QUERY_MODE,
        keyEvents: { cancel: null, finish: 'Enter' },
        // PostGIS refuses a self-crossing area (422); refuse the corner (or the closing click) that
        // would make one. Not while the pointer merely moves: 'provisional' (terra-draw does not
        // export its UpdateTypes enum).
        validation: (feature, { updateType }) =>
          String(updateType) === 'provisional' ? { valid: true } : ValidateNotSelfIntersecting(feature),
        styles: {
          fillColor: QUERY_COLOR,
          fillOpacity: 0.12,
          outlineColor: QUERY_COLOR,
          outlineWidth: 2,
          ...point,
          closingPointOutlineColor: QUERY_COLOR,
        },
      }),
    ],
  });
}

/** Anchor and measurement of a terra-draw feature, or null for guidance points. */
function measureFeature(feature: Feature): { measurement: Measurement; anchor: Position } | null {
  const g = feature.geometry;
  if (g.type === 'LineString' && g.coordinates.length > 0) {
    return { measurement: measureLine(g.coordinates), anchor: g.coordinates[g.coordinates.length - 1]! };
  }
  if (g.type === 'Polygon' && g.coordinates[0]) {
    const ring = g.coordinates[0];
    return { measurement: measurePolygon(ring), anchor: labelPoint(ring) };
  }
  return null;
}

/** A vertex-average label point, good enough for the small shapes people measure. */
function labelPoint(ring: Position[]): Position {
  const open = ring.length > 1 ? ring.slice(0, -1) : ring;
  const sum = open.reduce<[number, number]>((s, [x = 0, y = 0]) => [s[0] + x, s[1] + y], [0, 0]);
  return [sum[0] / Math.max(1, open.length), sum[1] / Math.max(1, open.length)];
}

/** One map's drawing session: the measurements and the query area. */
export class MeasureSession {
  private draw: TerraDraw | null = null;
  private starting: Promise<TerraDraw> | null = null;
  private readonly shapes = new Map<string | number, Shape>();
  private lastId: string | number | null = null;
  /** The query area's feature, finished or being drawn; at most one. */
  private queryId: string | number | null = null;
  private queryDrawing = false;
  private queryArea: Polygon | null = null;
  private state: MeasureState = IDLE_STATE;
  private destroyed = false;
  /** Makes a terra-draw for this map, once its modules have loaded. */
  private create: (() => TerraDraw) | null = null;
  /** terra-draw's layers as it added them, to restore before stopping it (see onStyleData). */
  private ownLayers: LayerSpecification[] = [];

  constructor(
    private readonly map: MapLibreMap,
    private readonly onState: (state: MeasureState) => void,
    private labelText: LabelText,
  ) {
    map.on('dblclick', this.onDoubleClick);
  }

  /**
   * A double-click finishes a line or polygon; while a tool is on it must not also zoom the map.
   * (terra-draw turns MapLibre's double-click zoom back on whenever a mode stops, which happens as
   * the shape finishes on the first click of the pair, so the map's handler is told per event.)
   */
  private readonly onDoubleClick = (e: MapMouseEvent) => {
    if (this.state.tool) e.preventDefault();
  };

  /**
   * Switches to a tool, or back to plain map browsing with null. Finished measurements stay; the
   * query area goes with its tool.
   */
  async setTool(tool: DrawTool | null): Promise<void> {
    const leavingQuery = this.state.tool === 'query' && tool !== 'query';
    this.publish({ tool, drawing: false });
    // Leaving a mode drops a half-drawn shape; finished ones remain on the map.
    this.draw?.setMode('static');
    if (leavingQuery) this.dropArea();
    if (!tool) return;
    const draw = await this.start();
    if (this.destroyed || this.state.tool !== tool) return;
    draw.setMode(this.modeOf(tool));
    this.publish({ ready: true });
  }

  /** Drops the query area and starts drawing another (the query tool stays on). */
  redrawArea(): void {
    const draw = this.draw;
    if (this.state.tool !== 'query' || !draw) return;
    draw.setMode('static');
    this.dropArea();
    draw.setMode(MODE.query);
  }

  /** Drops the shape being drawn; false when nothing was being drawn. */
  cancelDrawing(): boolean {
    const tool = this.state.tool;
    if (!this.draw || !tool || !this.state.drawing) return false;
    // Re-entering the mode makes terra-draw discard the unfinished shape.
    this.draw.setMode('static');
    this.draw.setMode(MODE[tool]);
    return true;
  }

  /** Removes every measurement and its label; a finished query area stays. */
  clear(): void {
    const draw = this.draw;
    const area = this.queryId !== null && !this.queryDrawing ? draw?.getSnapshotFeature(this.queryId) : undefined;
    draw?.clear();
    for (const shape of this.shapes.values()) shape.marker?.remove();
    this.shapes.clear();
    this.lastId = null;
    this.publish({ drawing: false, current: null, count: 0 });
    // terra-draw clears everything at once; the area comes back through onChange.
    if (draw && area) draw.addFeatures([area]);
  }

  /** Changes how labels read (the UI language changed). */
  setLabelText(labelText: LabelText): void {
    this.labelText = labelText;
    for (const shape of this.shapes.values()) this.updateMarker(shape);
  }

  /** Labels of the shapes on the map, for the exported picture. */
  annotations(): MapAnnotation[] {
    return [...this.shapes.values()].map((s) => ({
      lngLat: [s.anchor[0] ?? 0, s.anchor[1] ?? 0],
      text: this.labelText(s.measurement),
      centred: s.measurement.kind === 'area',
    }));
  }

  /** Removes terra-draw's layers and listeners and every label. */
  destroy(): void {
    this.destroyed = true;
    this.map.off('dblclick', this.onDoubleClick);
    for (const shape of this.shapes.values()) shape.marker?.remove();
    this.shapes.clear();
    this.map.off('styledata', this.onStyleData);
    try {
      this.draw?.stop();
    } catch {
      // The map was removed first (the map core unmounts it), taking terra-draw's layers along.
    }
    this.draw = null;
  }

  private start(): Promise<TerraDraw> {
    this.starting ??= (async () => {
      const [drawModule, adapterModule] = await Promise.all([
        import('terra-draw'),
        import('terra-draw-maplibre-gl-adapter'),
        whenStyleLoaded(this.map),
      ]);
      this.create = () => createDraw(this.map, drawModule, adapterModule);
      const draw = this.create();
      this.attach(draw);
      this.map.on('styledata', this.onStyleData);
      return draw;
    })();
    return this.starting;
  }

  /** terra-draw's mode for `tool`: none while the query area is drawn (the map is browsed). */
  private modeOf(tool: DrawTool): string {
    return tool === 'query' && this.queryArea ? 'static' : MODE[tool];
  }

  /** Removes the query area (finished or half-drawn). */
  private dropArea() {
    const id = this.queryId;
    if (id !== null && this.draw?.hasFeature(id)) this.draw.removeFeatures([id]);
    this.queryId = null;
    this.queryDrawing = false;
    this.queryArea = null;
    this.publishShapes();
  }

  private attach(draw: TerraDraw) {
    draw.start();
    this.ownLayers = (this.map.getStyle()?.layers ?? []).filter((l) => l.id.startsWith(`${TOOL_LAYER_PREFIX}-`));
    draw.on('change', (ids, type) => this.onChange(draw, ids, type));
    draw.on('finish', (id) => this.onFinish(id));
    if (this.destroyed) draw.stop();
    else this.draw = draw;
  }

  /**
   * A restyle without {@link keepToolLayers} drops terra-draw's layers; then the finished shapes
   * move to a fresh terra-draw (the one being drawn is lost).
   */
  private readonly onStyleData = () => {
    const old = this.draw;
    if (!old || !this.create || this.destroyed || this.map.getSource(LINE_SOURCE)) return;
    try {
      this.moveToFreshDraw(old, this.create);
    } catch {
      // A whole new style may still be loading; try again once the map has settled.
      this.map.once('idle', this.onStyleData);
    }
  };

  private moveToFreshDraw(old: TerraDraw, create: () => TerraDraw) {
    // Put back what the old instance expects to remove, so stopping it is quiet.
    for (const layer of this.ownLayers) {
      if (!('source' in layer) || typeof layer.source !== 'string') continue;
      if (!this.map.getSource(layer.source)) {
        this.map.addSource(layer.source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      }
      if (!this.map.getLayer(layer.id)) this.map.addLayer(layer);
    }
    const kept = old.getSnapshot().filter((f) => f.properties.currentlyDrawing !== true && f.geometry.type !== 'Point');
    old.stop();
    this.draw = null;
    for (const shape of this.shapes.values()) shape.marker?.remove();
    this.shapes.clear();
    this.lastId = null;
    // A finished query area is among `kept`; onChange takes it up again.
    this.queryId = null;
    this.queryDrawing = false;
    this.queryArea = null;
    const draw = create();
    this.attach(draw);
    draw.addFeatures(kept);
    draw.setMode(this.state.tool ? this.modeOf(this.state.tool) : 'static');
    this.publishShapes();
  }

  private onChange(draw: TerraDraw, ids: (string | number)[], type: string) {
    if (type === 'styling') return;
    for (const id of ids) {
      const existing = this.shapes.get(id);
      if (type === 'delete') {
        if (id === this.queryId) {
          this.queryId = null;
          this.queryDrawing = false;
          this.queryArea = null;
        }
        existing?.marker?.remove();
        this.shapes.delete(id);
        if (this.lastId === id) this.lastId = [...this.shapes.keys()].pop() ?? null;
        continue;
      }
      const feature = draw.getSnapshotFeature(id);
      if (feature?.properties.mode === QUERY_MODE) {
        // The polygon only: its closing points are guidance.
        if (feature.geometry.type !== 'Polygon') continue;
        this.queryId = id;
        this.queryDrawing = feature.properties.currentlyDrawing === true;
        this.queryArea = this.queryDrawing ? null : feature.geometry;
        continue;
      }
      const measured = feature ? measureFeature(feature) : null;
      if (!feature || !measured) continue;
      const drawing = feature.properties.currentlyDrawing === true;
      const shape: Shape = { ...measured, drawing, marker: existing?.marker ?? null };
      this.shapes.set(id, shape);
      this.lastId = id;
      this.updateMarker(shape);
    }
    this.publishShapes();
  }

  private onFinish(id: string | number) {
    if (id === this.queryId) {
      const feature = this.draw?.getSnapshotFeature(id);
      this.queryDrawing = false;
      this.queryArea = feature?.geometry.type === 'Polygon' ? feature.geometry : null;
      this.publishShapes();
      // With the area drawn the map goes back to browsing (clicks open features) until 重画.
      // Deferred: terra-draw is still inside its click handler here.
      queueMicrotask(() => {
        if (!this.destroyed && this.state.tool === 'query' && this.queryArea) this.draw?.setMode('static');
      });
      return;
    }
    const shape = this.shapes.get(id);
    if (shape) {
      shape.drawing = false;
      this.updateMarker(shape);
    }
    this.publishShapes();
  }

  private updateMarker(shape: Shape) {
    const [lng = 0, lat = 0] = shape.anchor;
    if (!shape.marker) {
      const element = document.createElement('div');
      element.className = 'map-tools__label';
      // The panel reads results out; the label is for the eye.
      element.setAttribute('aria-hidden', 'true');
      // A line's label sits past its last point; an area's on its middle.
      const placement =
        shape.measurement.kind === 'line'
          ? { anchor: 'left' as const, offset: LINE_LABEL_OFFSET }
          : { anchor: 'center' as const };
      shape.marker = new Marker({ element, ...placement }).setLngLat([lng, lat]).addTo(this.map);
    } else {
      shape.marker.setLngLat([lng, lat]);
    }
    const element = shape.marker.getElement();
    element.textContent = this.labelText(shape.measurement);
    element.classList.toggle('map-tools__label--drawing', shape.drawing);
  }

  private publishShapes() {
    const last = this.lastId === null ? undefined : this.shapes.get(this.lastId);
    const drawing = this.queryDrawing || [...this.shapes.values()].some((s) => s.drawing);
    this.publish({ drawing, current: last?.measurement ?? null, count: this.shapes.size, area: this.queryArea });
  }

  private publish(change: Partial<MeasureState>) {
    this.state = { ...this.state, ...change };
    if (!this.destroyed) this.onState(this.state);
  }
}
