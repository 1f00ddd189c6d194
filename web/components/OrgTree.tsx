import type { KeyboardEvent } from 'react';
import { useI18n } from '../i18n/context.ts';
import type { OrgNode } from '../lib/orgs.ts';
import { Highlight } from './Highlight.tsx';
import { KindBadge } from './KindBadge.tsx';
import { StarRating } from './StarRating.tsx';

/** Props of {@link OrgTree}. */
export interface OrgTreeProps {
  /** The (possibly filtered) tree to show. */
  root: OrgNode;
  /** Ids of the nodes whose children are shown. */
  expanded: ReadonlySet<number>;
  onToggle: (id: number) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Search text to highlight in names; empty for none. */
  query?: string;
  /** Accessible name of the tree. */
  label: string;
}

// Marks the button of each row that selects it; keyboard navigation moves between these.
const ROW_BUTTON = 'data-tree-row';

/**
 * The organisation hierarchy as an ARIA tree (`ul[role=tree]` > `li[role=treeitem]`). Every row
 * has real buttons, so Tab reaches them; arrow keys add the usual tree navigation on top.
 */
export function OrgTree({ root, expanded, onToggle, selectedId, onSelect, query = '', label }: OrgTreeProps) {
  return (
    // A list with role=tree, as in the WAI-ARIA tree examples; its key handler only moves focus
    // between the row buttons inside.
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA tree pattern on a list.
    <ul role="tree" aria-label={label} className="org-tree" onKeyDown={(e) => navigate(e, expanded, onToggle)}>
      <OrgTreeItem
        node={root}
        level={1}
        expanded={expanded}
        onToggle={onToggle}
        selectedId={selectedId}
        onSelect={onSelect}
        query={query}
      />
    </ul>
  );
}

interface OrgTreeItemProps extends Omit<OrgTreeProps, 'root' | 'label' | 'query'> {
  node: OrgNode;
  level: number;
  query: string;
}

function OrgTreeItem({ node, level, expanded, onToggle, selectedId, onSelect, query }: OrgTreeItemProps) {
  const { t, formatNumber } = useI18n();
  const hasChildren = node.children.length > 0;
  const isOpen = hasChildren && expanded.has(node.id);
  const isSelected = node.id === selectedId;
  const nameId = `org-${node.id}-name`;

  return (
    // Focus lives on the row's buttons (Tab and arrow keys reach them), not on the item itself.
    // biome-ignore lint/a11y/useFocusableInteractive: the buttons inside are the focus targets.
    <li
      role="treeitem"
      data-org-id={node.id}
      aria-level={level}
      aria-expanded={hasChildren ? isOpen : undefined}
      aria-selected={isSelected}
      aria-labelledby={nameId}
      className="org-tree__item"
    >
      <div
        className={`org-tree__row${isSelected ? ' org-tree__row--selected' : ''}`}
        style={{ paddingLeft: `${(level - 1) * 16 + 4}px` }}
      >
        {hasChildren ? (
          <button
            type="button"
            className="org-tree__toggle"
            aria-label={t(isOpen ? 'tree.collapse' : 'tree.expand', { name: node.name })}
            onClick={() => onToggle(node.id)}
          >
            <span className={`chevron${isOpen ? ' chevron--open' : ''}`} aria-hidden="true" />
          </button>
        ) : (
          <span className="org-tree__toggle org-tree__toggle--leaf" aria-hidden="true" />
        )}
        <button
          type="button"
          className="org-tree__select"
          {...{ [ROW_BUTTON]: '' }}
          aria-current={isSelected ? 'true' : undefined}
          onClick={() => onSelect(node.id)}
        >
          <span id={nameId} className="org-tree__name">
            <Highlight text={node.name} query={query} />
          </span>
          <KindBadge kind={node.kind} />
          <StarRating star={node.star} />
          <span className="org-tree__count">
            <span aria-hidden="true">{t('tree.members', { n: formatNumber(node.memberCount) })}</span>
            <span className="sr-only">{t('tree.membersLabel', { n: formatNumber(node.memberCount) })}</span>
          </span>
        </button>
      </div>
      {isOpen && (
        // biome-ignore lint/a11y/useSemanticElements: a group inside an ARIA tree, not a form fieldset.
        <ul role="group" className="org-tree__group">
          {node.children.map((child) => (
            <OrgTreeItem
              key={child.id}
              node={child}
              level={level + 1}
              expanded={expanded}
              onToggle={onToggle}
              selectedId={selectedId}
              onSelect={onSelect}
              query={query}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * Arrow-key navigation of the WAI-ARIA tree pattern: ↑/↓ move between visible rows, → opens a row
 * or enters it, ← closes it or goes to the parent, Home/End jump. Collapsed children are not in
 * the DOM, so the DOM order of the row buttons is exactly the visible order.
 */
function navigate(
  event: KeyboardEvent<HTMLUListElement>,
  expanded: ReadonlySet<number>,
  onToggle: (id: number) => void,
) {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  const item = target.closest<HTMLElement>('[role="treeitem"]');
  if (!item) return;
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(`[${ROW_BUTTON}]`));
  const own = item.querySelector<HTMLElement>(`[${ROW_BUTTON}]`);
  const at = own ? rows.indexOf(own) : -1;
  const id = Number(item.dataset.orgId);
  const canOpen = item.getAttribute('aria-expanded') !== null;
  const isOpen = expanded.has(id);

  let next: HTMLElement | null | undefined;
  switch (event.key) {
    case 'ArrowDown':
      next = rows[at + 1];
      break;
    case 'ArrowUp':
      next = at > 0 ? rows[at - 1] : undefined;
      break;
    case 'Home':
      next = rows[0];
      break;
    case 'End':
      next = rows[rows.length - 1];
      break;
    case 'ArrowRight':
      if (canOpen && !isOpen) onToggle(id);
      else if (isOpen) next = rows[at + 1];
      break;
    case 'ArrowLeft':
      if (isOpen) onToggle(id);
      else
        next = item.parentElement
          ?.closest<HTMLElement>('[role="treeitem"]')
          ?.querySelector<HTMLElement>(`[${ROW_BUTTON}]`);
      break;
    default:
      return;
  }
  event.preventDefault();
  next?.focus();
}
