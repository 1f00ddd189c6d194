import type pg from 'pg';
import type { BasemapArchive } from '../../tiles/basemap/archive.ts';
import type { Caller } from '../auth/scope.ts';
import type { Capabilities } from '../db/database.ts';
import type { Ingest } from '../devices/ingest.ts';
import type { WarningWebhook } from '../warnings/webhook.ts';

/** What every route module is built from: the shared pool and a few settings. */
export interface AppDeps {
  pool: pg.Pool;
  /** Only reported by `/api/health`; code asks `capabilities` instead. */
  engine: 'embedded' | 'postgres';
  capabilities: Capabilities;
  sessionHours: number;
  secureCookies: boolean;
  /** The process's device ingest (batcher, live feed); a fresh one when absent (tests). */
  ingest?: Ingest;
  /** Memory for cached tiles (default 64 MiB; 0 turns the cache off). */
  tileCacheBytes?: number;
  /** Where clients reach the server (`PUBLIC_URL`), for absolute URLs in TileJSON; else relative. */
  publicUrl?: string | undefined;
  /** Coverage scopes with more sites than this run as jobs (default 50,000; tests lower it). */
  coverageSyncSites?: number;
  /** The warning webhook (`WARNING_WEBHOOK_URL`): when set, warning changes also go to its outbox. */
  warningWebhook?: WarningWebhook | undefined;
  /** The base-map archive (`BASEMAP_PMTILES`), opened at start; none: the offline base map only. */
  basemap?: BasemapArchive | undefined;
}

/** Hono environment: the authenticated caller is set by the auth middleware. */
export interface AppEnv {
  Variables: { caller: Caller };
}
