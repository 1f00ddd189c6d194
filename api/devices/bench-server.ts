// The ingest benchmark's server: the JT/T 808 listener and the shared ingest on DATABASE_URL, in a
// process of its own so the load generator does not share its event loop. Prints its port.
import { openDatabase } from '../db/database.ts';
import { Ingest } from './ingest.ts';
import { startJt808Listener } from './jt808/server.ts';

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '' });
const ingest = new Ingest(db.pool, { prepared: true });
const listener = await startJt808Listener(db.pool, ingest, {
  host: '127.0.0.1',
  port: 0,
  idleMs: 120_000,
  maxConnections: 5000,
  autoRegister: false,
});
let batches = 0;
ingest.onCommit(() => batches++);
console.log(`port ${listener.port}`);
process.on('SIGTERM', async () => {
  console.log(`batches ${batches}`);
  ingest.stop();
  await listener.stop();
  await db.close();
  process.exit(0);
});
