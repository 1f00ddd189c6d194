import { readFileSync } from 'node:fs';

/** Reads a `.sql` file that sits beside the calling module, once, at import time. */
export function loadSql(moduleUrl: string, file: string): string {
  return readFileSync(new URL(file, moduleUrl), 'utf8');
}
