import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, unwrap } from '../lib/api.ts';
import type { CoverageComparison, CoveragePlan, CoverageRequest, CoverageResult } from '../lib/coverage.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** A finished run: its id (for exports and plans), what was asked and what came back. */
export interface DoneRun {
  id: number;
  request: CoverageRequest;
  result: CoverageResult;
}

/** Where a run stands. `progress` is 0..1; `step` names the server's current step (sites, border, …). */
export type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: number; step: string | null }
  | ({ status: 'done' } & DoneRun)
  | { status: 'error'; error: unknown };

/** How often a job is asked how far it got. */
const POLL_MS = 700;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/**
 * Runs one analysis: `POST /api/coverage`, which answers at once for a small scope (200) or with
 * a job to follow (202), whose progress is read from `GET /api/coverage/:id` until it is done.
 */
export async function runCoverage(
  request: CoverageRequest,
  signal: AbortSignal,
  onProgress: (progress: number, step: string | null) => void,
): Promise<DoneRun> {
  const started = await unwrap(api.coverage.$post({ json: request }, { init: { signal } }));
  if ('result' in started && started.result) return { id: started.id, request, result: started.result };
  for (;;) {
    await sleep(POLL_MS, signal);
    const run = await unwrap(api.coverage[':id'].$get({ param: { id: String(started.id) } }, { init: { signal } }));
    if (run.state === 'done' && run.result) return { id: run.id, request, result: run.result };
    if (run.state === 'failed') throw new ApiError(500, 'coverage_failed', run.error ?? 'coverage run failed');
    onProgress(run.progress, run.step);
  }
}

/**
 * One analysis at a time: `run` starts it (aborting the one before, so a slow answer for old
 * parameters never lands), `last` keeps the latest finished run while the next one computes.
 */
export function useCoverageRun(): {
  state: RunState;
  last: DoneRun | null;
  run: (request: CoverageRequest) => void;
  reset: () => void;
} {
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const [last, setLast] = useState<DoneRun | null>(null);
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);

  const run = useCallback((request: CoverageRequest) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    const live = () => !controller.signal.aborted;
    setState({ status: 'running', progress: 0, step: null });
    runCoverage(request, controller.signal, (progress, step) => {
      if (live()) setState({ status: 'running', progress, step });
    }).then(
      (done) => {
        if (!live()) return;
        setState({ status: 'done', ...done });
        setLast(done);
      },
      (error: unknown) => {
        if (live()) setState({ status: 'error', error });
      },
    );
  }, []);

  const reset = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setState({ status: 'idle' });
    setLast(null);
  }, []);

  return { state, last, run, reset };
}

/** The saved plans in the caller's scope, newest first. */
export function useCoveragePlans(): AsyncResult<CoveragePlan[]> {
  return useAsync(async (signal) => (await unwrap(api.coverage.plans.$get({}, { init: { signal } }))).items, []);
}

/** Saves a finished run as a named plan. */
export function saveCoveragePlan(name: string, runId: number) {
  return unwrap(api.coverage.plans.$post({ json: { name, runId } }));
}

/** The headline figures of two runs and how the second differs from the first. */
export function compareCoverageRuns(a: number, b: number): Promise<CoverageComparison> {
  return unwrap(api.coverage.compare.$get({ query: { a: String(a), b: String(b) } }));
}
