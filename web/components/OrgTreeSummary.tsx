import { useT } from '../i18n/context.ts';
import { labelOf } from '../i18n/labels.ts';
import { ORG_KINDS } from '../lib/orgs.ts';

/** Props of {@link OrgTreeSummary}. */
export interface OrgTreeSummaryProps {
  /** Organisations per kind, e.g. from `countByKind`. */
  counts: ReadonlyMap<string, number>;
}

/** One line of counts by kind: "党委 1 · 党总支 8 · 党支部 37 · 临时党支部 32". */
export function OrgTreeSummary({ counts }: OrgTreeSummaryProps) {
  const t = useT();
  // Known kinds in hierarchy order first; any kind the UI does not know yet still gets counted.
  const kinds = [...ORG_KINDS, ...[...counts.keys()].filter((k) => !ORG_KINDS.some((known) => known === k))];
  const parts = kinds
    .filter((kind) => (counts.get(kind) ?? 0) > 0)
    .map((kind) => `${labelOf(t, 'kind', kind)} ${counts.get(kind) ?? 0}`);
  return <p className="tree-summary">{parts.join(' · ')}</p>;
}
