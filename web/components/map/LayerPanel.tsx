import { useId } from 'react';
import { ONLINE_WINDOW_MINUTES } from '../../../api/devices/online.ts';
import { useCounties } from '../../hooks/useCounties.ts';
import type { LiveStatus } from '../../hooks/useLivePositions.ts';
import { useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { readBasemapConfig } from '../../map/config.ts';
import { type MapState, THEMATIC_LAYERS } from '../../map/state.ts';
import { type CountyOptions, FilterForm } from './FilterForm.tsx';
import { Legend, legendEntries } from './Legend.tsx';
import {
  activeFilterCount,
  isDefaultLayersAndFilters,
  resetLayersAndFilters,
  setFilters,
  setLayer,
} from './layerState.ts';
import { panelLabel } from './panelLabels.ts';
import './panels.css';

/** How many devices the live layer shows, and whether its stream is up. */
export interface LiveSummary {
  count: number;
  status: LiveStatus;
}

/** Props of {@link LayerPanel}. */
export interface LayerPanelProps {
  state: MapState;
  onChange: (next: MapState) => void;
  /** Shown beside the live layer while it is on. @default none */
  live?: LiveSummary;
}

/** The thematic layers with their legends, the filters and a reset; every change goes to `onChange`. */
export function LayerPanel({ state, onChange, live }: LayerPanelProps) {
  const { t, formatNumber } = useI18n();
  const id = useId();
  const counties = useCounties();
  const active = activeFilterCount(state.filters);

  const countyOptions: CountyOptions =
    counties.status === 'success'
      ? { status: 'success', counties: counties.data }
      : counties.status === 'error'
        ? { status: 'error', message: errorText(t, counties.error), onRetry: counties.reload }
        : { status: 'loading' };

  return (
    <section className="map-panel layer-panel" aria-label={t('panels.layers.region')}>
      <h2 id={`${id}-layers`} className="map-panel__title">
        {t('panels.layers.heading')}
      </h2>
      <ul className="layer-list" aria-labelledby={`${id}-layers`}>
        {THEMATIC_LAYERS.map((layer) => {
          const on = state.layers.includes(layer);
          const name = panelLabel(t, 'layer', layer);
          const count = layer === 'live' && on && live ? live : null;
          return (
            <li key={layer} className="layer-list__item">
              <div className="layer-list__head">
                <label className="check check--layer">
                  <input
                    type="checkbox"
                    checked={on}
                    aria-describedby={count ? `${id}-live-count` : undefined}
                    onChange={(e) => onChange(setLayer(state, layer, e.target.checked))}
                  />
                  {name}
                </label>
                {count && <LiveCount id={`${id}-live-count`} {...count} />}
              </div>
              <Legend entries={legendEntries(t, layer)} label={t('panels.legend.label', { layer: name })} muted={!on} />
            </li>
          );
        })}
      </ul>
      <BasemapNote />

      <div className="map-panel__title-row">
        <h2 className="map-panel__title">{t('panels.filters.heading')}</h2>
        {active > 0 && (
          <span className="map-panel__meta">{t('panels.filters.active', { n: formatNumber(active) })}</span>
        )}
      </div>
      <FilterForm
        filters={state.filters}
        counties={countyOptions}
        onChange={(patch) => onChange(setFilters(state, patch))}
      />
      <button
        type="button"
        className="button button--secondary button--block layer-panel__reset"
        disabled={isDefaultLayersAndFilters(state)}
        onClick={() => onChange(resetLayersAndFilters(state))}
      >
        {t('panels.filters.reset')}
      </button>
    </section>
  );
}

/**
 * What the base map shows: without the server's archive, that it has no roads, rivers or villages
 * and which setting brings them (online base maps name themselves in the attribution).
 */
function BasemapNote() {
  const { t } = useI18n();
  const kind = readBasemapConfig().kind;
  if (kind !== 'none' && kind !== 'archive') return null;
  return (
    <p className="filter-form__note layer-panel__basemap" data-testid="basemap-note" data-basemap={kind}>
      {t(kind === 'archive' ? 'panels.basemap.archive' : 'panels.basemap.offline')}
    </p>
  );
}

/**
 * The live layer's count badge: terminals online (a fix within ONLINE_WINDOW_MINUTES), "…" while
 * connecting, amber while the stream reconnects. The sentence for assistive technology describes the checkbox
 * (not a live region: it would speak at every update).
 */
function LiveCount({ id, count, status }: LiveSummary & { id: string }) {
  const { t, formatNumber } = useI18n();
  const connecting = status === 'connecting' || status === 'off';
  const n = formatNumber(count);
  const text = connecting
    ? t('live.count.connecting')
    : status === 'reconnecting'
      ? t('live.count.reconnecting', { n })
      : t('live.count.label', { n, minutes: ONLINE_WINDOW_MINUTES });
  return (
    <>
      <span
        className={`live-count live-count--${status}`}
        data-testid="live-count"
        data-count={connecting ? undefined : count}
        data-status={status}
        title={text}
        aria-hidden="true"
      >
        {connecting ? '…' : n}
      </span>
      <span id={id} className="sr-only">
        {text}
      </span>
    </>
  );
}
