import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { LiveFrame, LiveStore } from '../lib/liveStore.ts';
import type { LivePosition } from '../lib/positions.ts';
import { DECK_LAYER } from './layerIds.ts';
import { type LiveLayerProps, liveLayers } from './layers/live.ts';
import type { MapTheme } from './theme.ts';

/** What the live overlay draws besides the store's frames. */
export interface LiveOverlayProps {
  /** The live fixes; null draws nothing. */
  store: LiveStore | null;
  theme: MapTheme;
  zoom: number;
  selectedId: number | null;
  outside: LiveLayerProps['outside'];
  visible: boolean;
}

/**
 * Live members on a deck.gl canvas of their own over the map, not interleaved with MapLibre's
 * layers like the other deck.gl layers. An interleaved layer that changes makes MapLibre draw the
 * whole map again; with a software renderer (a PC without a GPU, headless Chromium) that is
 * hundreds of milliseconds per redraw, so 1,000 terminals reporting each second would stall the
 * page. On its own canvas a new frame of fixes redraws only the dots; the map's canvas stays as
 * it is. The price: live dots lie above the place names and the county veil (the layer dims the
 * members outside the county itself), and a PNG export of the map canvas leaves them out.
 */
export class LiveOverlay {
  private readonly overlay = new MapLibreOverlay({ interleaved: false, layers: [] });
  private readonly element: HTMLElement;
  private props: LiveOverlayProps | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The frame last handed to deck.gl: picking maps an index back into its fixes. */
  private drawn: LiveFrame | null = null;

  constructor(private readonly map: MaplibreMap) {
    // Placed by hand next to the map's element, not in it (tests and tools find the map's one
    // canvas there), under the controls and the views over the map; events go to the map
    // (pointer-events: none), picking asks this overlay.
    this.element = this.overlay.onAdd(map as unknown as Parameters<MapLibreOverlay['onAdd']>[0]);
    map.getContainer().after(this.element);
    // Decoration, not a control: no tab stop, nothing for a screen reader (the map canvas is both).
    const quiet = () => {
      const canvas = this.element.querySelector('canvas');
      if (!canvas) return false;
      canvas.tabIndex = -1;
      canvas.setAttribute('aria-hidden', 'true');
      return true;
    };
    if (!quiet()) {
      const watch = new MutationObserver(() => quiet() && watch.disconnect());
      watch.observe(this.element, { childList: true, subtree: true });
    }
  }

  /** Sets what to draw; a new store is subscribed to, and every frame it makes is drawn. */
  setProps(props: LiveOverlayProps): void {
    if (props.store !== this.props?.store) {
      this.unsubscribe?.();
      this.unsubscribe = props.store?.subscribe(() => this.render()) ?? null;
    }
    this.props = props;
    this.render();
  }

  /** The frame on screen, null when nothing is drawn (tests and tools read its fixes). */
  get shown(): LiveFrame | null {
    return this.drawn;
  }

  /** The live member within `radius` pixels of (x, y), nearest first; null when none. */
  pick(x: number, y: number, radius: number): LivePosition | null {
    let index = -1;
    try {
      index = this.overlay.pickObject({ x, y, radius, layerIds: [DECK_LAYER.live] })?.index ?? -1;
    } catch {
      // deck.gl is not initialised until its first frame.
      return null;
    }
    return index >= 0 ? (this.drawn?.fixes[index] ?? null) : null;
  }

  /**
   * The live members drawn within `radius` pixels of (x, y), top first, each fix once (tests
   * count them). deck.gl may hand the same index back when many binary-attribute objects overlap,
   * so indices are deduplicated; `depth` caps the passes.
   */
  pickAll(x: number, y: number, radius: number, depth = 20): LivePosition[] {
    let infos: { index: number }[] = [];
    try {
      infos = this.overlay.pickMultipleObjects({ x, y, radius, depth, layerIds: [DECK_LAYER.live] });
    } catch {
      return [];
    }
    const indices = new Set(infos.map((i) => i.index).filter((i) => i >= 0));
    return [...indices].flatMap((i) => this.drawn?.fixes[i] ?? []);
  }

  /** Detaches from the map. */
  remove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.overlay.onRemove(this.map as unknown as Parameters<MapLibreOverlay['onRemove']>[0]);
    this.element.remove();
  }

  private render() {
    const p = this.props;
    const frame = p?.visible ? (p.store?.frame ?? null) : null;
    this.drawn = frame;
    // No layers without fixes: the overlay compiles its shaders only once a terminal is live.
    if (!p || !frame || frame.length === 0) {
      this.overlay.setProps({ layers: [] });
      return;
    }
    const { theme, zoom, selectedId, outside } = p;
    this.overlay.setProps({ layers: liveLayers({ frame, theme, zoom, selectedId, outside }) });
  }
}
