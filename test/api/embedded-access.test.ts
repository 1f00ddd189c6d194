import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databases } from './harness.ts';

// The embedded database must not be reachable by other processes: the server's own pool talks
// to PGlite in-process (no port), and the port the test workers use asks for a per-start password.
// Both are checked with real second processes.

/** TCP ports a process listens on, from its socket inodes in /proc (Linux). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the inode is the tenth field.
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) ports.push(Number.parseInt(f[1]?.split(':')[1] ?? '', 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/** Runs a script in a fresh Node process and returns what it printed. */
function runNode(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out.trim()));
  });
}

describe.runIf(process.platform === 'linux')('the embedded database, seen from other processes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'redmap-access-'));
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens no database port in the server: only HTTP and the device listeners listen', async () => {
    server = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dir,
        DEMO_DATA: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        JT808_PORT: '0',
        NMEA_PORT: '0',
        WEB_DIR: path.join(dir, 'no-web'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = server;
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
      const onData = (d: Buffer) => {
        output += d;
        const m = /ready in [\d.]+ s: http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
    expect(output).toContain('database: embedded PostGIS');
    const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', engine: 'embedded' });
    expect(listeningPorts(child.pid as number)).toEqual([port]);
  }, 150_000);

  const embedded = databases.find((d) => d.engine === 'embedded');
  it.runIf(embedded)('refuses a process that does not know the per-start password', async () => {
    const { host, port, password } = embedded?.poolConfig ?? {};
    const attempt = (pw: string) => `
      import pg from 'pg';
      const c = new pg.Client({ host: ${JSON.stringify(host)}, port: ${port}, user: 'postgres', password: ${JSON.stringify(pw)} });
      try { await c.connect(); const r = await c.query('SELECT count(*) AS n FROM app_user'); console.log('connected', r.rows[0].n); await c.end(); }
      catch (e) { console.log('refused', e.code ?? e.message); }`;
    expect(await runNode(attempt('postgres'))).toBe('refused 28P01');
    expect(await runNode(attempt(''))).toMatch(/^refused/);
    // The same script with the password gets in: the refusal is the password, not the script.
    expect(await runNode(attempt(String(password)))).toMatch(/^connected \d+$/);
  });
});
