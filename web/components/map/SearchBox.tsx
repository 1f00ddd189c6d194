import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type SearchResult, useSearch } from '../../hooks/useSearch.ts';
import { type Translate, useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { labelOf } from '../../i18n/labels.ts';
import { Highlight } from '../Highlight.tsx';
import { panelLabel } from './panelLabels.ts';
import { flattenGroups, groupResults, moveActive, resultKey } from './searchGroups.ts';
import './panels.css';

/** Props of {@link SearchBox}. */
export interface SearchBoxProps {
  /** Called with the result the user chose (click, or Enter on the active row). */
  onPick: (result: SearchResult) => void;
}

/** The second line of a result: the org kind, the area level, or the county / owner org the server sent. */
function detailText(t: Translate, r: SearchResult): string | null {
  if (r.detail === null) return null;
  if (r.kind === 'org') return labelOf(t, 'kind', r.detail);
  if (r.kind === 'county') return panelLabel(t, 'level', r.detail);
  return r.detail;
}

/**
 * Search by name over everything in the caller's scope, as an ARIA 1.2 combobox: the input keeps
 * focus, arrow keys move the active row (announced through aria-activedescendant), Enter picks,
 * Escape closes the list and a second Escape clears the text.
 */
export function SearchBox({ onPick }: SearchBoxProps) {
  const { t, formatNumber } = useI18n();
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (r: SearchResult) => `${id}-opt-${resultKey(r)}`;
  const rootRef = useRef<HTMLDivElement>(null);

  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useSearch(text);
  const groups = useMemo(() => groupResults(search.results), [search.results]);
  const flat = useMemo(() => flattenGroups(groups), [groups]);

  // New results, new list: the active row starts over (adjusted during render, not in an effect).
  const [shownResults, setShownResults] = useState(search.results);
  if (shownResults !== search.results) {
    setShownResults(search.results);
    setActive(-1);
  }

  const hasText = text.trim() !== '';
  const expanded = open && hasText && search.status !== 'idle';
  const activeResult = expanded && active >= 0 ? flat[active] : undefined;

  // Keep the active row visible when arrow keys walk past the edge of the scrolled list.
  useEffect(() => {
    if (activeResult) document.getElementById(optionId(activeResult))?.scrollIntoView({ block: 'nearest' });
  });

  function pick(result: SearchResult) {
    setText(result.name);
    setOpen(false);
    setActive(-1);
    onPick(result);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Keys typed into a Chinese IME (pinyin) pick its candidates; Enter there confirms the text.
    if (e.nativeEvent.isComposing) return;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        setOpen(true);
        // Opens a closed list and moves at once: down to the first row, up to the last (APG combobox).
        setActive(moveActive(expanded ? active : -1, e.key === 'ArrowDown' ? 1 : -1, flat.length));
        break;
      }
      case 'Enter': {
        if (!expanded) return;
        const chosen = activeResult ?? flat[0];
        if (chosen) {
          e.preventDefault();
          pick(chosen);
        }
        break;
      }
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== '') {
          e.preventDefault();
          setText('');
        }
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  const announcement = !hasText
    ? ''
    : search.status === 'loading' && search.results.length === 0
      ? t('panels.search.loading')
      : search.status === 'error'
        ? t('panels.search.error', { message: errorText(t, search.error) })
        : search.status === 'success'
          ? search.results.length > 0
            ? t('panels.search.count', { n: formatNumber(search.results.length) })
            : t('panels.search.none', { q: search.query })
          : '';

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: focus leaving the whole widget closes the list.
    <div
      ref={rootRef}
      className="map-search"
      onBlur={(e) => {
        if (!rootRef.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <search className="map-search__box">
        <label htmlFor={`${id}-input`} className="sr-only">
          {t('panels.search.label')}
        </label>
        <span className="map-search__icon" aria-hidden="true" />
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          className="map-search__input"
          placeholder={t('panels.search.placeholder')}
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={activeResult ? optionId(activeResult) : undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
        {text !== '' && (
          <button
            type="button"
            className="map-search__clear"
            aria-label={t('panels.search.clear')}
            onClick={() => {
              setText('');
              document.getElementById(`${id}-input`)?.focus();
            }}
          >
            ×
          </button>
        )}
      </search>
      <div className="sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      <div className="map-search__popup" hidden={!expanded}>
        {search.status === 'loading' && <p className="map-search__message">{t('panels.search.loading')}</p>}
        {search.status === 'error' && (
          <p className="map-search__message map-search__message--error">
            {t('panels.search.error', { message: errorText(t, search.error) })}{' '}
            <button type="button" className="link-button" onClick={search.retry}>
              {t('common.retry')}
            </button>
          </p>
        )}
        {search.status === 'success' && search.results.length === 0 && (
          <p className="map-search__message">{t('panels.search.none', { q: search.query })}</p>
        )}
        {/* Divs, not lists: the options are reached through aria-activedescendant, never by Tab. */}
        <div id={listId} role="listbox" className="map-search__list" aria-label={t('panels.search.results')}>
          {groups.map((g) => (
            // biome-ignore lint/a11y/useSemanticElements: an ARIA group of options inside a listbox, not a form fieldset.
            <div key={g.kind} role="group" className="map-search__group" aria-labelledby={`${id}-group-${g.kind}`}>
              <div id={`${id}-group-${g.kind}`} className="map-search__group-label">
                {panelLabel(t, 'resultKind', g.kind)}
              </div>
              {g.items.map(({ result, index }) => {
                const detail = detailText(t, result);
                return (
                  // biome-ignore lint/a11y/useFocusableInteractive: combobox options stay unfocusable; the input drives them.
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the input's keydown handles arrows and Enter for every option.
                  <div
                    key={resultKey(result)}
                    id={optionId(result)}
                    role="option"
                    aria-selected={index === active}
                    className={`map-search__option${index === active ? ' map-search__option--active' : ''}`}
                    // Keep focus in the input (the combobox owns it); the click still picks.
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseMove={() => index !== active && setActive(index)}
                    onClick={() => pick(result)}
                  >
                    <span className="map-search__name">
                      <Highlight text={result.name} query={search.query} />
                    </span>
                    {detail && <span className="map-search__detail">{detail}</span>}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
