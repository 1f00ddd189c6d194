import type pg from 'pg';
import { refreshIndices } from '../analysis/indices.ts';
import type { Config } from '../config.ts';
import { COVERAGE_RULES, FREQUENT_RULES, recomputeWarnings } from '../warnings/engine.ts';
import { deliverWarningEvents, type WarningWebhook } from '../warnings/webhook.ts';
import type { Job } from './scheduler.ts';

/** The webhook of the configuration, if one is set (loadConfig refuses a URL without a secret). */
export function webhookOf(
  config: Pick<Config, 'warningWebhookUrl' | 'warningWebhookSecret'>,
): WarningWebhook | undefined {
  const { warningWebhookUrl: url, warningWebhookSecret: secret } = config;
  return url && secret ? { url, secret } : undefined;
}

/**
 * The server's recurring jobs. Add new ones here; each that must run once across processes guards
 * itself (an advisory lock), because every process runs the same schedule.
 */
export function defaultJobs(pool: pg.Pool, config: Pick<Config, 'warningWebhookUrl' | 'warningWebhookSecret'>): Job[] {
  const webhook = webhookOf(config);
  const deliver = webhook ? () => deliverWarningEvents(pool, webhook) : undefined;
  const jobs: Job[] = [
    {
      name: 'warnings',
      cron: '*/10 * * * *',
      runAtStart: true,
      // Outbox rows only when someone will deliver them; delivered right away, not at the next tick.
      run: async () => {
        const result = await recomputeWarnings(pool, { outbox: webhook !== undefined, rules: FREQUENT_RULES });
        if (deliver) await deliver();
        return result;
      },
    },
    {
      // Uncovered sites and border stretches: every site and segment, so nightly (and at start).
      name: 'coverage-warnings',
      cron: '0 2 * * *',
      runAtStart: true,
      run: async () => {
        const result = await recomputeWarnings(pool, { outbox: webhook !== undefined, rules: COVERAGE_RULES });
        if (deliver) await deliver();
        return result;
      },
    },
    {
      // 组织力 / 先锋力 snapshots for the ranking: at start (a fresh database has none) and nightly.
      // Warnings first, so 'warnings closed on time' sees today's closures.
      name: 'indices',
      cron: '30 1 * * *',
      runAtStart: true,
      run: async () => {
        // The embedded engine runs no autovacuum: keep the planner's statistics fresh ourselves.
        await pool.query('ANALYZE');
        return refreshIndices(pool);
      },
    },
  ];
  if (deliver) jobs.push({ name: 'warning-webhook', cron: '*/30 * * * * *', run: deliver });
  return jobs;
}
