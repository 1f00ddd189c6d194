import { useContext, useDeferredValue, useMemo, useState } from 'react';
import { RoleContext } from '../hooks/useRole.ts';
import { useI18n } from '../i18n/context.ts';
import {
  ancestorIds,
  countByKind,
  expandedToLevel,
  filterTree,
  type OrgNode,
  totalMembers,
  walk,
} from '../lib/orgs.ts';
import { scopedLabel, treeScope } from '../lib/scope.ts';
import { OrgSearch } from './OrgSearch.tsx';
import { OrgTree } from './OrgTree.tsx';
import { OrgTreeSummary } from './OrgTreeSummary.tsx';
import { PanelStatus } from './PanelStatus.tsx';

/** Props of {@link OrgTreePanel}. */
export interface OrgTreePanelProps {
  root: OrgNode;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

/** Generations shown when the tree first opens: the root and its children are expanded. */
const OPEN_LEVELS = 2;

/**
 * The left panel: counts by kind, the name search and the expandable tree. The total says whose
 * Party members it counts ("本支部党员 38 名", "全州党员 1,285 名"), by the server's scope rule.
 */
export function OrgTreePanel({ root, selectedId, onSelect }: OrgTreePanelProps) {
  const { t, formatNumber } = useI18n();
  const role = useContext(RoleContext);
  const [query, setQuery] = useState('');
  // Filtering re-renders the whole tree; deferring keeps typing responsive on slow machines.
  const deferredQuery = useDeferredValue(query);
  const searching = deferredQuery.trim() !== '';

  // A selection that came from a shared link must be visible, so its ancestors start open.
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => {
    const open = expandedToLevel(root, OPEN_LEVELS);
    if (selectedId !== null) for (const id of ancestorIds(root, selectedId)) open.add(id);
    return open;
  });
  // While searching every match is shown open; rows the user closes are remembered per query.
  const [closedInSearch, setClosedInSearch] = useState<{ query: string; ids: ReadonlySet<number> }>({
    query: '',
    ids: new Set(),
  });

  const counts = useMemo(() => countByKind(root), [root]);
  const members = useMemo(() => totalMembers(root), [root]);
  const filtered = useMemo(() => filterTree(root, deferredQuery), [root, deferredQuery]);

  const effectiveExpanded = useMemo<ReadonlySet<number>>(() => {
    if (!searching || !filtered.root) return expanded;
    const closed = closedInSearch.query === deferredQuery ? closedInSearch.ids : new Set<number>();
    const open = new Set<number>();
    for (const node of walk(filtered.root)) if (node.children.length > 0 && !closed.has(node.id)) open.add(node.id);
    return open;
  }, [searching, filtered.root, expanded, closedInSearch, deferredQuery]);

  function toggle(id: number) {
    if (searching) {
      const ids = new Set(closedInSearch.query === deferredQuery ? closedInSearch.ids : []);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      setClosedInSearch({ query: deferredQuery, ids });
      return;
    }
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function setAll(open: boolean) {
    setQuery('');
    setExpanded(open ? expandedToLevel(root, Number.POSITIVE_INFINITY) : new Set());
  }

  return (
    <>
      <div className="panel__header">
        <h2 id="tree-heading" className="panel__title">
          {t('tree.heading')}
        </h2>
        <span className="panel__meta" data-testid="tree-total">
          {scopedLabel(t, t('tree.totalMembers', { n: formatNumber(members) }), treeScope(root, role))}
        </span>
      </div>
      <OrgTreeSummary counts={counts} />
      <OrgSearch value={query} onChange={setQuery} matches={searching ? filtered.matches : null} />
      <div className="tree-actions">
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          {t('tree.expandAll')}
        </button>
        <button type="button" className="link-button" onClick={() => setAll(false)}>
          {t('tree.collapseAll')}
        </button>
      </div>
      <div className="panel__scroll">
        {filtered.root ? (
          <OrgTree
            root={filtered.root}
            expanded={effectiveExpanded}
            onToggle={toggle}
            selectedId={selectedId}
            onSelect={onSelect}
            query={deferredQuery}
            label={t('tree.heading')}
          />
        ) : (
          <PanelStatus kind="empty" message={t('tree.noMatch', { q: deferredQuery.trim() })} />
        )}
      </div>
    </>
  );
}
