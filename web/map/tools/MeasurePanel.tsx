import type { Translate } from '../../i18n/context.ts';
import { useT } from '../../i18n/context.ts';
import { formatArea, formatLength, formatMu, type Measurement } from './measure.ts';
import type { MeasureState } from './measureDraw.ts';

/** Segments listed before the rest are summed up as "n more". */
const MAX_SEGMENTS = 8;

/** A length in the UI language: "12.34 公里". */
export function lengthText(t: Translate, metres: number): string {
  const q = formatLength(metres);
  return t(`tools.unit.${q.unit}`, { n: q.n });
}

/** An area in the UI language: "1.23 平方公里". */
export function areaText(t: Translate, squareMetres: number): string {
  const q = formatArea(squareMetres);
  return t(`tools.unit.${q.unit}`, { n: q.n });
}

/** The short result pinned to a shape on the map. */
export function measurementLabel(t: Translate, m: Measurement): string {
  return m.kind === 'line' ? lengthText(t, m.lengthM) : areaText(t, m.areaM2);
}

/** Props of {@link MeasurePanel}. */
export interface MeasurePanelProps {
  state: MeasureState;
  onDone: () => void;
}

/** How to draw, and the running result of the shape being drawn (or the last one finished). */
export function MeasurePanel({ state, onDone }: MeasurePanelProps) {
  const t = useT();
  // The area query has a panel of its own (AreaQueryPanel).
  if (state.tool !== 'line' && state.tool !== 'area') return null;
  const current = state.current?.kind === state.tool ? state.current : null;
  const finished = current && !state.drawing ? current : null;
  return (
    <section className="map-tools__panel" aria-label={t('tools.measure.region')}>
      <header className="map-tools__panel-head">
        <h2 className="map-tools__panel-title">{t(state.tool === 'line' ? 'tools.line' : 'tools.area')}</h2>
        <button type="button" className="map-tools__done" onClick={onDone}>
          {t('tools.measure.done')}
        </button>
      </header>
      <p className="map-tools__hint">
        {state.ready
          ? t(state.tool === 'line' ? 'tools.measure.hint.line' : 'tools.measure.hint.area')
          : t('tools.measure.loading')}
      </p>
      {current && <Result t={t} m={current} />}
      <p className="map-tools__method">{t('tools.measure.method')}</p>
      {/* Read out once a shape is finished, not on every pointer move while drawing. */}
      <p className="sr-only" role="status" aria-live="polite">
        {finished ? measurementLabel(t, finished) : ''}
      </p>
    </section>
  );
}

function Result({ t, m }: { t: Translate; m: Measurement }) {
  if (m.kind === 'line') {
    const more = m.segmentsM.length - MAX_SEGMENTS;
    return (
      <>
        <dl className="map-tools__result">
          <dt>{t('tools.measure.distance')}</dt>
          <dd className="map-tools__total">{lengthText(t, m.lengthM)}</dd>
        </dl>
        {m.segmentsM.length > 1 && (
          <details className="map-tools__segments">
            <summary>{t('tools.measure.segments')}</summary>
            <ol>
              {m.segmentsM.slice(0, MAX_SEGMENTS).map((metres, i) => (
                // Segments only change at the end while drawing, so the index is a stable key.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <li key={i}>
                  <span>{t('tools.measure.segment', { i: i + 1 })}</span>
                  <span>{lengthText(t, metres)}</span>
                </li>
              ))}
            </ol>
            {more > 0 && <p>{t('tools.measure.moreSegments', { n: more })}</p>}
          </details>
        )}
      </>
    );
  }
  const mu = formatMu(m.areaM2);
  return (
    <dl className="map-tools__result">
      <dt>{t('tools.measure.area')}</dt>
      <dd className="map-tools__total">
        {areaText(t, m.areaM2)}
        {mu !== null && <span className="map-tools__mu">{t('tools.measure.mu', { n: mu })}</span>}
      </dd>
      <dt>{t('tools.measure.perimeter')}</dt>
      <dd>{lengthText(t, m.perimeterM)}</dd>
    </dl>
  );
}
