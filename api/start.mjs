// `npm start`: builds the web app when it is missing or older than its sources, then runs the
// server (TypeScript via tsx) in this same process, so Ctrl-C reaches it directly.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

/** What the build is made from: the web app's files, the Vite config and the locked packages. */
function sourceHash() {
  const hash = createHash('sha256');
  const files = readdirSync('web', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .concat(['vite.config.ts', 'package-lock.json'])
    .sort();
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

// WEB_DIR names a build made elsewhere (tests, benchmarks): served as it is.
if (!process.env.WEB_DIR) {
  const webDir = path.resolve('dist/web');
  const stamp = path.join(webDir, '.source-hash');
  const want = sourceHash();
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (!existsSync(path.join(webDir, 'index.html')) || have !== want) {
    console.log(have ? 'rebuilding the web app (its sources changed)…' : 'building the web app…');
    const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
      stdio: 'inherit',
    });
    if (built.status !== 0) process.exit(built.status ?? 1);
    writeFileSync(stamp, `${want}\n`);
  }
}
register();
await import('./server.ts');
