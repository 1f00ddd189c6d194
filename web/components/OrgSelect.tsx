import { useId, useMemo } from 'react';
import { useOrgTree } from '../hooks/useOrgTree.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import { type OrgNode, walk } from '../lib/orgs.ts';

/** Props of {@link OrgSelect}. */
export interface OrgSelectProps {
  /** The chosen organisation; null for "any" (only with `anyLabel`). */
  value: number | null;
  onChange: (id: number | null) => void;
  label: string;
  /** Offers "any organisation" under this name. @default none */
  anyLabel?: string;
  testId?: string;
}

/** An organisation and how deep it sits under the root. */
export interface IndentedOrg {
  id: number;
  name: string;
  depth: number;
}

/** The tree as a flat list, parents first, each with its depth (the root at 0). */
export function indentedOrgs(root: OrgNode): IndentedOrg[] {
  const depth = new Map<number, number>([[root.id, 0]]);
  const out: IndentedOrg[] = [];
  for (const node of walk(root)) {
    const d = depth.get(node.id) ?? 0;
    for (const child of node.children) depth.set(child.id, d + 1);
    out.push({ id: node.id, name: node.name, depth: d });
  }
  return out;
}

/**
 * A drop-down of the organisations in the caller's tree, indented by depth (a prefecture has
 * about a hundred, which a native select handles and every screen reader knows).
 */
export function OrgSelect({ value, onChange, label, anyLabel, testId }: OrgSelectProps) {
  const { t } = useI18n();
  const tree = useOrgTree();
  const id = useId();
  const options = useMemo(() => (tree.status === 'success' && tree.data ? indentedOrgs(tree.data) : []), [tree]);
  // Until the tree is here (or if it fails), the current organisation is kept as the choice.
  const unknown = value !== null && !options.some((o) => o.id === value);
  return (
    <div className="org-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        disabled={options.length === 0}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        data-testid={testId}
      >
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {unknown && <option value={value}>{tree.status === 'loading' ? t('app.loading') : `#${value}`}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {'\u3000'.repeat(o.depth)}
            {o.name}
          </option>
        ))}
      </select>
      {tree.status === 'error' && <span className="org-select__error">{errorText(t, tree.error)}</span>}
    </div>
  );
}
