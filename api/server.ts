import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../geodata/demo/accounts.ts';
import { loadDataIfEmpty } from '../geodata/demo/load.ts';
import { openBasemapArchive } from '../tiles/basemap/archive.ts';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { Ingest } from './devices/ingest.ts';
import { startJt808Listener } from './devices/jt808/server.ts';
import { startNmeaListener } from './devices/nmea/server.ts';
import type { DeviceListener } from './devices/tcp.ts';
import { defaultJobs, webhookOf } from './jobs/jobs.ts';
import { startScheduler } from './jobs/scheduler.ts';

/** Entry point: config → database engine → migrations → demo data → HTTP + device listeners. */
async function main() {
  const config = loadConfig();
  const started = Date.now();
  // Checked first: an archive RedMap cannot draw stops the start with the reason.
  const basemap = config.basemapPmtiles ? await openBasemapArchive(config.basemapPmtiles) : undefined;
  console.log(
    basemap
      ? `base map: ${basemap.path} (${basemap.format}, z ${basemap.header.minZoom}–${basemap.header.maxZoom})`
      : 'base map: offline boundaries and border only (set BASEMAP_PMTILES for roads, rivers and villages)',
  );
  console.log(
    config.databaseUrl
      ? 'database: PostgreSQL server (DATABASE_URL)'
      : `database: embedded PostGIS in ${config.dataDir}`,
  );
  const db = await openDatabase(config); // migrates and brings position partitions to the retention
  const loaded = await loadDataIfEmpty(db.pool, { demo: config.demo });
  if (loaded) console.log(`demo dataset loaded: ${loaded.orgs} organisations, ${loaded.members} members (fictional)`);
  if (!existsSync(config.webDir)) console.warn(`web app not built (${config.webDir}); run npm run build`);
  const ingest = new Ingest(db.pool, {
    retentionMonths: config.positionRetentionMonths,
    prepared: db.capabilities.preparedStatements,
  });
  ingest.keepPartitions();
  // Warnings now and every ten minutes (and webhook deliveries), on the process's one scheduler.
  const stopJobs = startScheduler(defaultJobs(db.pool, config), { timezone: 'Asia/Shanghai' });
  const app = createApp(
    {
      pool: db.pool,
      engine: db.engine,
      capabilities: db.capabilities,
      sessionHours: config.sessionHours,
      secureCookies: config.secureCookies,
      tileCacheBytes: config.tileCacheMb * 1024 * 1024,
      publicUrl: config.publicUrl,
      ingest,
      warningWebhook: webhookOf(config),
      basemap,
    },
    config.webDir,
  );
  const listeners: DeviceListener[] = [];
  const device = {
    host: config.deviceHost,
    idleMs: config.deviceIdleSeconds * 1000,
    maxConnections: 10_000,
  };
  if (config.jt808Port > 0) {
    const jt808 = { ...device, port: config.jt808Port, autoRegister: config.jt808AutoRegister };
    listeners.push(await startJt808Listener(db.pool, ingest, jt808));
    console.log(`JT/T 808 terminals: tcp://${config.deviceHost}:${config.jt808Port}`);
  }
  if (config.nmeaPort > 0) {
    listeners.push(
      await startNmeaListener(db.pool, ingest, { ...device, port: config.nmeaPort, allow: config.nmeaAllow }),
    );
    console.log(`NMEA 0183 terminals: tcp://${config.deviceHost}:${config.nmeaPort}`);
  }
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(`RedMap ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://${config.host}:${info.port}/`);
    if (config.demo) {
      console.log(`demo logins (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
    }
  });
  server.on('error', async (err: NodeJS.ErrnoException) => {
    console.error(
      err.code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is in use; set PORT` : err.message,
    );
    await stopJobs();
    await db.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    ingest.stop();
    await Promise.all([stopJobs(), ...listeners.map((l) => l.stop())]);
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('RedMap failed to start:', err);
  process.exit(1);
});
