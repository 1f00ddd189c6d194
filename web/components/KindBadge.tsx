import { useT } from '../i18n/context.ts';
import { labelOf } from '../i18n/labels.ts';

/** The organisation kind (党委, 党支部 …) as a coloured badge; the colour class follows the kind. */
export function KindBadge({ kind }: { kind: string }) {
  const t = useT();
  return <span className={`kind-badge kind-badge--${kind}`}>{labelOf(t, 'kind', kind)}</span>;
}
