import type { Translate } from './context.ts';
import { isMessageKey } from './messages.ts';

/**
 * Label of a server enum value (`kind`, `category`, `role`). The server types these as plain
 * strings, so an unknown value shows as itself rather than as a missing-key placeholder.
 */
export function labelOf(t: Translate, group: 'kind' | 'category' | 'role', value: string): string {
  const key = `${group}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}
