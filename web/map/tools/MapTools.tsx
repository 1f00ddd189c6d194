import type { Map as MapLibreMap } from 'maplibre-gl';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/context.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import type { Selection } from '../state.ts';
import { AreaQueryPanel } from './AreaQueryPanel.tsx';
import { exportMapPng } from './export.ts';
import { isoDate } from './exportLayout.ts';
import type { LegendItem } from './legend.ts';
import { MeasurePanel, measurementLabel } from './MeasurePanel.tsx';
import type { Measurement } from './measure.ts';
import { capturesClicks, type DrawTool, IDLE_STATE, MeasureSession, type MeasureState } from './measureDraw.ts';
import './tools.css';

/** Props of {@link MapTools}. */
export interface MapToolsProps {
  /** The map to work on; null until it exists (the buttons are disabled until then). */
  map: MapLibreMap | null;
  /** Legend rows for the exported picture, in the UI language. */
  legend: LegendItem[];
  /** Title printed on the exported picture, e.g. 党建电子地图 · 文山州. */
  title: string;
  /**
   * Told true while a drawing tool (measuring, or the query area being drawn) takes the map's
   * clicks, so the map can stop opening feature drawers on click meanwhile. Optional.
   */
  onMeasuringChange?: (measuring: boolean) => void;
  /** The map's selection, to mark the selected member in the area query's results. @default null */
  selection?: Selection | null;
  /** A member picked in the area query's results; without it the rows select nothing. */
  onSelect?: (selection: Selection) => void;
}

type ExportStatus =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; file: string }
  | { kind: 'error'; message: string };

/** How long the "saved" note stays. */
const DONE_NOTE_MS = 4000;

/** True when a key press belongs to a text field (Escape there clears the field, not the tool). */
function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * The map's tool bar, mounted by the map core over the map: measure a distance or an area, ask
 * who was in a drawn area (区域查询), clear the measurements, export the view as a PNG. One
 * drawing tool is on at a time. Keyboard: Tab reaches the bar, arrow keys move between its
 * buttons, Escape cancels the shape being drawn and then leaves the tool.
 */
export function MapTools({ map, legend, title, onMeasuringChange, selection = null, onSelect }: MapToolsProps) {
  const t = useT();
  const [measure, setMeasure] = useState<MeasureState>(IDLE_STATE);
  const [exportStatus, setExportStatus] = useState<ExportStatus>({ kind: 'idle' });
  const session = useRef<MeasureSession | null>(null);

  const labelText = useCallback((m: Measurement) => measurementLabel(t, m), [t]);
  const labelTextRef = useRef(labelText);
  labelTextRef.current = labelText;

  useEffect(() => {
    if (!map) return;
    const s = new MeasureSession(map, setMeasure, labelTextRef.current);
    session.current = s;
    return () => {
      s.destroy();
      session.current = null;
      setMeasure(IDLE_STATE);
    };
  }, [map]);

  useEffect(() => session.current?.setLabelText(labelText), [labelText]);

  const measuring = capturesClicks(measure);
  useEffect(() => onMeasuringChange?.(measuring), [measuring, onMeasuringChange]);

  const setTool = useCallback((tool: DrawTool | null) => {
    void session.current?.setTool(tool);
  }, []);

  // Escape works wherever the focus is, not only on the map canvas.
  const toolOn = measure.tool !== null;
  useEffect(() => {
    if (!toolOn) return;
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || isTextEntry(e.target)) return;
      const s = session.current;
      if (s && !s.cancelDrawing()) void s.setTool(null);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [toolOn]);

  useEffect(() => {
    if (exportStatus.kind !== 'done') return;
    const timer = setTimeout(() => setExportStatus({ kind: 'idle' }), DONE_NOTE_MS);
    return () => clearTimeout(timer);
  }, [exportStatus]);

  async function exportPicture() {
    if (!map || exportStatus.kind === 'busy') return;
    setExportStatus({ kind: 'busy' });
    const now = new Date();
    try {
      const file = await exportMapPng(
        map,
        {
          title,
          legend,
          text: {
            legend: t('tools.export.legend'),
            north: t('tools.export.north'),
            date: t('tools.export.date', { date: isoDate(now) }),
            disclaimer: t('tools.export.disclaimer'),
            length: (q) => t(`tools.unit.${q.unit}`, { n: q.n }),
          },
          annotations: session.current?.annotations() ?? [],
        },
        now,
      );
      setExportStatus({ kind: 'done', file });
    } catch (error) {
      setExportStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const disabled = !map;
  return (
    <div className="map-tools">
      <Toolbar label={t('tools.toolbar')}>
        <ToolButton
          icon={<RulerIcon />}
          label="tools.line"
          title="tools.line.title"
          pressed={measure.tool === 'line'}
          disabled={disabled}
          onClick={() => setTool(measure.tool === 'line' ? null : 'line')}
        />
        <ToolButton
          icon={<PolygonIcon />}
          label="tools.area"
          title="tools.area.title"
          pressed={measure.tool === 'area'}
          disabled={disabled}
          onClick={() => setTool(measure.tool === 'area' ? null : 'area')}
        />
        <ToolButton
          icon={<AreaQueryIcon />}
          label="area.tool"
          title="area.tool.title"
          testId="area-query-tool"
          pressed={measure.tool === 'query'}
          disabled={disabled}
          onClick={() => setTool(measure.tool === 'query' ? null : 'query')}
        />
        <ToolButton
          icon={<EraserIcon />}
          label="tools.clear"
          title="tools.clear.title"
          disabled={disabled || measure.count === 0}
          onClick={() => session.current?.clear()}
        />
        <ToolButton
          icon={<DownloadIcon />}
          label="tools.export"
          title="tools.export.title"
          disabled={disabled}
          busy={exportStatus.kind === 'busy'}
          onClick={() => void exportPicture()}
        />
      </Toolbar>
      <MeasurePanel state={measure} onDone={() => setTool(null)} />
      {measure.tool === 'query' && (
        <AreaQueryPanel
          state={measure}
          selectedMemberId={selection?.kind === 'member' ? selection.id : null}
          onSelectMember={(id) => onSelect?.({ kind: 'member', id })}
          onRedraw={() => session.current?.redrawArea()}
          onClose={() => setTool(null)}
        />
      )}
      <ExportNote status={exportStatus} />
    </div>
  );
}

function ExportNote({ status }: { status: ExportStatus }) {
  const t = useT();
  const text =
    status.kind === 'busy'
      ? t('tools.export.busy')
      : status.kind === 'done'
        ? t('tools.export.done', { file: status.file })
        : status.kind === 'error'
          ? t('tools.export.failed', { message: status.message })
          : '';
  return (
    <p
      className={`map-tools__note${status.kind === 'error' ? ' map-tools__note--error' : ''}`}
      role="status"
      aria-live="polite"
      hidden={!text}
    >
      {text}
    </p>
  );
}

/** A horizontal ARIA toolbar: one tab stop, arrow keys (and Home/End) move between buttons. */
function Toolbar({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  const buttons = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];

  // Roving tabindex: only the remembered button is in the tab order.
  useEffect(() => {
    buttons().forEach((b, i) => {
      b.tabIndex = i === active ? 0 : -1;
    });
  });

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const all = buttons();
    const current = all.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? (current + 1) % all.length
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? (current - 1 + all.length) % all.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? all.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    all[next]?.focus();
  }

  return (
    <div
      ref={ref}
      className="map-tools__bar"
      role="toolbar"
      aria-label={label}
      aria-orientation="horizontal"
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        // Focus events bubble from the buttons; the target is one of them, not the bar.
        const i = buttons().indexOf(e.target as Element as HTMLButtonElement);
        if (i >= 0) setActive(i);
      }}
    >
      {children}
    </div>
  );
}

interface ToolButtonProps {
  icon: ReactNode;
  label: MessageKey;
  title: MessageKey;
  /** Set for the tools (toggles); left out for actions, which have no pressed state. */
  pressed?: boolean;
  /** `data-testid` of the button. */
  testId?: string;
  disabled?: boolean;
  busy?: boolean;
  onClick: () => void;
}

function ToolButton({ icon, label, title, pressed, testId, disabled, busy, onClick }: ToolButtonProps) {
  const t = useT();
  return (
    <button
      type="button"
      className="map-tools__button"
      aria-label={t(label)}
      aria-pressed={pressed}
      aria-busy={busy || undefined}
      title={t(title)}
      data-testid={testId}
      // aria-disabled keeps a disabled button focusable, so arrow keys do not skip it silently.
      aria-disabled={disabled || busy || undefined}
      onClick={() => {
        if (!disabled && !busy) onClick();
      }}
    >
      {icon}
      <span className="map-tools__button-text">{t(label)}</span>
    </button>
  );
}

const iconProps = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.5,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  focusable: false,
} as const;

function RulerIcon() {
  return (
    <svg {...iconProps} aria-hidden="true">
      <path d="M2 11.5 11.5 2 14 4.5 4.5 14z" />
      <path d="m5 8.5 1.5 1.5M7 6.5l1 1M9 4.5l1.5 1.5" />
    </svg>
  );
}

function PolygonIcon() {
  return (
    <svg {...iconProps} aria-hidden="true">
      <path d="M3 5.5 8 2l5 3.5-2 7.5H5z" />
    </svg>
  );
}

function AreaQueryIcon() {
  return (
    <svg {...iconProps} aria-hidden="true">
      <path d="M2 5.5 8 2l6 3.5-2 7.5H4z" strokeDasharray="2 1.6" />
      <circle cx="8" cy="6.8" r="1.4" />
      <path d="M5.5 11.2c.5-1.4 1.4-2 2.5-2s2 .6 2.5 2" />
    </svg>
  );
}

function EraserIcon() {
  return (
    <svg {...iconProps} aria-hidden="true">
      <path d="m6 13.5-3.5-3.5 7-7L14 6.5l-7 7zM4.5 8l4 4M7 13.5h7" />
    </svg>
  );
}

function DownloadIcon() {
  return (
    <svg {...iconProps} aria-hidden="true">
      <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11.5v2h11v-2" />
    </svg>
  );
}
