import type { Translate } from '../../i18n/context.ts';
import { isMessageKey } from '../../i18n/messages.ts';

/** Groups of server enum values whose labels live in messages/panels.ts (`panels.<group>.<value>`). */
export type PanelLabelGroup =
  | 'layer'
  | 'zoneKind'
  | 'siteKind'
  | 'partnerKind'
  | 'resultKind'
  | 'level'
  | 'gender'
  | 'education'
  | 'status';

/**
 * Label of an enum value the server sends as a plain string; an unknown value shows as itself, so
 * a new kind on the server reads as its code instead of a missing-key placeholder.
 */
export function panelLabel(t: Translate, group: PanelLabelGroup, value: string): string {
  const key = `panels.${group}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}
