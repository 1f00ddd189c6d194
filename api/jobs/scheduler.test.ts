import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScheduler } from './scheduler.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startScheduler', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs at start, never overlaps a slow run, and stops after the run in progress', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stop = startScheduler(
      [
        {
          name: 'slow',
          cron: '* * * * * *', // every second
          runAtStart: true,
          run: async () => {
            runs++;
            active++;
            most = Math.max(most, active);
            await sleep(1500);
            active--;
            finished++;
          },
        },
      ],
      { timezone: 'Asia/Shanghai' },
    );
    await sleep(50);
    expect(runs).toBe(1); // the start run, before any tick
    await sleep(2600);
    await stop();
    expect(most).toBe(1);
    // 2.65 s of 1.5 s runs back to back: two, each ticks skipped while the other ran.
    expect(runs).toBe(2);
    expect(finished).toBe(runs); // stop() waited for the second
    await sleep(1100);
    expect(runs).toBe(2); // and no tick after stop
  }, 15_000); // about 4.6 s of real sleeps, past vitest's 5 s default on a loaded machine

  it('logs a failed run instead of throwing, and keeps the schedule', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let runs = 0;
    const stop = startScheduler(
      [
        {
          name: 'failing',
          cron: '* * * * * *',
          runAtStart: true,
          run: async () => {
            runs++;
            throw new Error(`boom ${runs}`);
          },
        },
      ],
      { timezone: 'Asia/Shanghai' },
    );
    await sleep(1200);
    await stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveBeenCalledWith('job failing failed:', 'boom 1');
  });
});
