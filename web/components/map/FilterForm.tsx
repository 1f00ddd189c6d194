import { type ReactNode, useId } from 'react';
import { useT } from '../../i18n/context.ts';
import { labelOf } from '../../i18n/labels.ts';
import type { County } from '../../lib/counties.ts';
import { ORG_KIND_COLOR, ZONE_KIND_COLOR } from '../../map/palette.ts';
import { type MapFilters, ORG_KINDS, type OrgKind, ZONE_KINDS, type ZoneKind } from '../../map/state.ts';
import { Swatch } from './Legend.tsx';
import { toggleIn } from './layerState.ts';
import { panelLabel } from './panelLabels.ts';

const STAR_VALUES = [1, 2, 3, 4, 5] as const;

/** The county list as far as it has loaded. */
export type CountyOptions =
  | { status: 'loading' }
  | { status: 'error'; message: string; onRetry: () => void }
  | { status: 'success'; counties: County[] };

/** Props of {@link FilterForm}. */
export interface FilterFormProps {
  filters: MapFilters;
  counties: CountyOptions;
  onChange: (patch: Partial<MapFilters>) => void;
}

/** County, organisation kind, star rating and zone kind filters; every change applies at once. */
export function FilterForm({ filters, counties, onChange }: FilterFormProps) {
  const t = useT();
  const id = useId();
  const countyId = `${id}-county`;
  const allHint = `${id}-all`;
  const starsHint = `${id}-stars`;

  // A county from a shared link must stay selectable while the list loads (or if it failed).
  const countyList = counties.status === 'success' ? counties.counties : [];
  const unknownCounty =
    filters.county !== null && !countyList.some((c) => c.code === filters.county) ? filters.county : null;

  return (
    <div className="filter-form">
      <p id={allHint} className="filter-form__hint">
        {t('panels.filters.noneMeansAll')}
      </p>
      <div className="filter-form__field">
        <label htmlFor={countyId}>{t('panels.filters.county')}</label>
        <select
          id={countyId}
          value={filters.county ?? ''}
          aria-busy={counties.status === 'loading'}
          onChange={(e) => onChange({ county: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">{t('panels.filters.allCounties')}</option>
          {countyList.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
          {unknownCounty && <option value={unknownCounty}>{unknownCounty}</option>}
        </select>
        {counties.status === 'loading' && (
          <span className="filter-form__note" role="status">
            {t('panels.filters.countiesLoading')}
          </span>
        )}
        {counties.status === 'error' && (
          <span className="filter-form__note filter-form__note--error" role="alert">
            {t('panels.filters.countiesError', { message: counties.message })}{' '}
            <button type="button" className="link-button" onClick={counties.onRetry}>
              {t('common.retry')}
            </button>
          </span>
        )}
      </div>

      <fieldset className="filter-form__group" aria-describedby={allHint}>
        <legend>{t('panels.filters.orgKinds')}</legend>
        {ORG_KINDS.map((kind) => (
          <Check
            key={kind}
            checked={filters.orgKinds.includes(kind)}
            onChange={(on) => onChange({ orgKinds: toggleIn<OrgKind>(filters.orgKinds, kind, on, ORG_KINDS) })}
          >
            <Swatch shape="point" color={ORG_KIND_COLOR[kind]} />
            {labelOf(t, 'kind', kind)}
          </Check>
        ))}
      </fieldset>

      <fieldset className="filter-form__group filter-form__group--inline" aria-describedby={starsHint}>
        <legend>{t('panels.filters.stars')}</legend>
        <p id={starsHint} className="filter-form__hint">
          {t('panels.filters.starsHint')}
        </p>
        {STAR_VALUES.map((n) => (
          <Check
            key={n}
            checked={filters.stars.includes(n)}
            onChange={(on) => onChange({ stars: toggleIn(filters.stars, n, on, STAR_VALUES) })}
          >
            <span className="filter-form__star" aria-hidden="true">
              ★
            </span>
            {t('panels.filters.starOption', { n })}
          </Check>
        ))}
      </fieldset>

      <fieldset className="filter-form__group" aria-describedby={allHint}>
        <legend>{t('panels.filters.zoneKinds')}</legend>
        {ZONE_KINDS.map((kind) => (
          <Check
            key={kind}
            checked={filters.zoneKinds.includes(kind)}
            onChange={(on) => onChange({ zoneKinds: toggleIn<ZoneKind>(filters.zoneKinds, kind, on, ZONE_KINDS) })}
          >
            <Swatch shape="area" color={ZONE_KIND_COLOR[kind]} />
            {panelLabel(t, 'zoneKind', kind)}
          </Check>
        ))}
      </fieldset>
    </div>
  );
}

/** A labelled checkbox; the whole label is the click target. */
function Check({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
