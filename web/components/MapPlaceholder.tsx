import { useT } from '../i18n/context.ts';

/**
 * Where the MapLibre map will mount (DESIGN §4). It already owns the centre of the layout so the
 * panels around it keep their places when the map arrives.
 */
export function MapPlaceholder() {
  const t = useT();
  return (
    <section className="map-area" id="map" aria-labelledby="map-heading">
      <div className="map-area__placeholder">
        <svg className="map-area__icon" viewBox="0 0 48 48" aria-hidden="true">
          <path d="M6 10l12-4 12 4 12-4v32l-12 4-12-4-12 4z" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M18 6v32M30 10v32" stroke="currentColor" strokeWidth="2" />
          <circle cx="24" cy="22" r="4" fill="#c8161d" />
        </svg>
        <h2 id="map-heading">{t('map.heading')}</h2>
        <p>{t('map.placeholder')}</p>
      </div>
    </section>
  );
}
