import { useT } from '../i18n/context.ts';

/** Props of {@link OrgSearch}. */
export interface OrgSearchProps {
  value: string;
  onChange: (value: string) => void;
  /** Matches for the current value; announced to screen readers as the user types. */
  matches: number | null;
}

/** The name filter above the organisation tree. */
export function OrgSearch({ value, onChange, matches }: OrgSearchProps) {
  const t = useT();
  return (
    <search className="org-search">
      <label htmlFor="org-search" className="sr-only">
        {t('tree.searchLabel')}
      </label>
      <input
        id="org-search"
        type="search"
        className="org-search__input"
        placeholder={t('tree.searchPlaceholder')}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          // Escape clears, as in most search boxes; the browser only does so for some types.
          if (e.key === 'Escape' && value !== '') {
            e.preventDefault();
            onChange('');
          }
        }}
      />
      <p className="org-search__status" role="status" aria-live="polite">
        {matches === null
          ? ''
          : matches > 0
            ? t('tree.matches', { n: matches })
            : t('tree.noMatch', { q: value.trim() })}
      </p>
    </search>
  );
}
