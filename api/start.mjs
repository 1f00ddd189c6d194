// `npm start`: builds the web app when it is missing, then runs the server (TypeScript via tsx)
// in this same process, so Ctrl-C reaches it directly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const webDir = path.resolve(process.env.WEB_DIR || 'dist/web');
if (!existsSync(path.join(webDir, 'index.html'))) {
  console.log('building the web app (first start)…');
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
register();
await import('./server.ts');
