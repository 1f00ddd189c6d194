import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A benchmark's server in a child process of its own, so the load generator has its own event loop. */
export interface BenchChild {
  port: number;
  /** SIGTERM, wait for the exit, and return what the child printed after its port line. */
  stop(): Promise<string[]>;
}

/** Runs `script` (TypeScript, through tsx) with `env` added; it must print `port <n>` once listening. */
export async function startBenchChild(script: URL, env: Record<string, string>): Promise<BenchChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script.pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const port = /^port (\d+)$/.exec(line)?.[1];
    if (!port) continue;
    const after: string[] = [];
    lines.on('line', (l) => after.push(l));
    return {
      port: Number(port),
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
        return after;
      },
    };
  }
  throw new Error(`${script.pathname} did not print its port`);
}
