import { ApiError } from '../lib/api.ts';
import type { Translate } from './context.ts';
import { isMessageKey } from './messages.ts';

/**
 * A user-facing message for a failed call. Known codes are translated (the server's messages are
 * English); unknown codes fall back to the server's own message so nothing is hidden.
 */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    if (isMessageKey(key)) return t(key);
    return error.message;
  }
  if (error instanceof TypeError) return t('error.invalid_response');
  return error instanceof Error ? error.message : String(error);
}
