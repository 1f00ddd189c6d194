import type { Translate } from '../../i18n/context.ts';
import { isMessageKey } from '../../i18n/messages.ts';

/** Message prefix of each facet's keys; ethnicities are data and show as they are. */
const PREFIX: Record<string, string> = {
  status: 'panels.status',
  gender: 'panels.gender',
  age: 'age',
  education: 'panels.education',
  partyAge: 'partyAge',
  cadre: 'cadre',
  kind: 'kind',
  category: 'category',
  star: 'star',
  standardised: 'standardised',
  term: 'term',
  life: 'life',
  item: 'index.item',
  zoneKind: 'panels.zoneKind',
  rule: 'rule',
  severity: 'severity',
};

/** The label of a facet's key (a bar, slice or row), in the UI language. */
export function keyLabel(t: Translate, facet: string, key: string): string {
  const message = `${PREFIX[facet] ?? facet}.${key}`;
  return isMessageKey(message) ? t(message) : key;
}

/** A share in [0, 1] as a percentage with one decimal, or a dash. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}
