import { Cron } from 'croner';

/** A recurring task of the server process. */
export interface Job {
  /** For the log. */
  name: string;
  /** Cron pattern: five fields, or six with seconds first (`*\/30 * * * * *`). */
  cron: string;
  run: () => Promise<unknown>;
  /** Also run once right away, not only at the first tick. */
  runAtStart?: boolean;
}

export interface SchedulerOptions {
  /** The zone the patterns are read in; RedMap's calendar is Asia/Shanghai's. */
  timezone: string;
}

/**
 * Starts the jobs on croner and returns a function that stops them and waits for runs in progress.
 *
 * Croner is a maintained cron library that keeps its timers in this process and needs no database
 * (unlike pg_cron or pg-boss, which the embedded PGlite engine cannot host), so the schedule works
 * the same on PGlite and on a PostgreSQL server. It runs a job in every process; a job that must
 * run once across processes takes an advisory lock itself (the warnings engine does). `protect`
 * skips a tick while the previous run is still going, and a failed run is logged, never thrown.
 */
export function startScheduler(jobs: readonly Job[], options: SchedulerOptions): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const crons = jobs.map((job) => {
    const cron = new Cron(
      job.cron,
      {
        timezone: options.timezone,
        protect: () => console.warn(`job ${job.name}: previous run still going, tick skipped`),
        catch: (err) => console.error(`job ${job.name} failed:`, err instanceof Error ? err.message : err),
        unref: true,
      },
      async () => {
        await track(job.run());
      },
    );
    // trigger() marks the job busy like a tick does, so the first tick waits for this run.
    if (job.runAtStart) void cron.trigger();
    return cron;
  });

  function track(run: Promise<unknown>): Promise<unknown> {
    running.add(run);
    const done = () => running.delete(run);
    run.then(done, done);
    return run;
  }

  return async () => {
    for (const cron of crons) cron.stop();
    await Promise.allSettled([...running]);
  };
}
