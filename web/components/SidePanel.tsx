import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from 'react';
import type { SearchResult } from '../hooks/useSearch.ts';
import { useT } from '../i18n/context.ts';
import type { MapState } from '../map/state.ts';
import { LayerPanel, type LiveSummary } from './map/LayerPanel.tsx';
import { SearchBox } from './map/SearchBox.tsx';

/** Props of {@link SidePanel}. */
export interface SidePanelProps {
  state: MapState;
  onChange: (next: MapState) => void;
  onPick: (result: SearchResult) => void;
  /** The organisation tree with its loading and error states. */
  tree: ReactNode;
  onEnterScreen: () => void;
  /** The live layer's count for the layer panel. @default none */
  live?: LiveSummary;
}

const TABS = ['tree', 'layers'] as const;
type Tab = (typeof TABS)[number];

/**
 * The left panel of the map workspace: search over everything, then two tabs (organisation tree,
 * layers and filters). Both tabs stay mounted, so the tree keeps what was expanded. Tabs follow the
 * ARIA tabs pattern: arrow keys move between them, Tab goes into the panel.
 */
export function SidePanel({ state, onChange, onPick, tree, onEnterScreen, live }: SidePanelProps) {
  const t = useT();
  const id = useId();
  const [tab, setTab] = useState<Tab>('tree');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ?? 'tree';
    setTab(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <aside className="panel side-panel" aria-label={t('map.side.label')}>
      <div className="side-panel__top">
        <SearchBox onPick={onPick} />
        <button type="button" className="button button--secondary side-panel__screen" onClick={onEnterScreen}>
          {t('map.screen.enter')}
        </button>
      </div>
      <div className="side-panel__tabs" role="tablist" aria-label={t('map.side.tabs')}>
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${name}`}
            aria-controls={`${id}-panel-${name}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            className="side-panel__tab"
            onClick={() => setTab(name)}
            onKeyDown={onTabKey}
          >
            {t(name === 'tree' ? 'map.side.tree' : 'map.side.layers')}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-tree`}
        aria-labelledby={`${id}-tab-tree`}
        className="side-panel__body side-panel__body--tree"
        hidden={tab !== 'tree'}
      >
        {tree}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-layers`}
        aria-labelledby={`${id}-tab-layers`}
        className="side-panel__body side-panel__body--layers"
        hidden={tab !== 'layers'}
      >
        <LayerPanel state={state} onChange={onChange} live={live} />
      </div>
    </aside>
  );
}
