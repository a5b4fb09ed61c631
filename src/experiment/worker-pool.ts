/**
 * Runs jobs in worker threads, at most `size` at a time, in the order given. Each job is one
 * model's training run; workers post progress messages and one final result or error.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';

export type WorkerMessage<Progress, Result> =
  | { kind: 'progress'; progress: Progress }
  | { kind: 'result'; result: Result }
  | { kind: 'error'; message: string; stack?: string };

export interface PoolJob<Input, Progress> {
  id: string;
  input: Input;
  onProgress?: (progress: Progress) => void;
}

/** Returns the URL of a worker script beside `base`, as .ts under tsx and .js once compiled. */
export function siblingScript(base: string, name: string): URL {
  const extension = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, base);
}

/**
 * Runs every job in its own worker thread created from `script`, with at most `size` alive at
 * once. Resolves with the results in job order, or rejects with the first error after the
 * running workers have been stopped.
 */
export async function runInWorkers<Input, Progress, Result>(
  script: URL,
  jobs: PoolJob<Input, Progress>[],
  size: number,
): Promise<Result[]> {
  const results: Result[] = new Array(jobs.length);
  const running = new Set<Worker>();
  let next = 0;
  let failed = false;

  return new Promise<Result[]>((resolve, reject) => {
    let finished = 0;

    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      for (const worker of running) void worker.terminate();
      reject(error);
    };

    const launch = (): void => {
      if (failed || next >= jobs.length) return;
      const index = next++;
      const job = jobs[index] as PoolJob<Input, Progress>;
      const worker = startWorker(script, job.input);
      running.add(worker);
      let settled = false;

      worker.on('message', (message: WorkerMessage<Progress, Result>) => {
        if (message.kind === 'progress') {
          job.onProgress?.(message.progress);
        } else if (message.kind === 'result') {
          settled = true;
          results[index] = message.result;
        } else {
          settled = true;
          const error = new Error(`${job.id}: ${message.message}`);
          if (message.stack) error.stack = message.stack;
          fail(error);
        }
      });
      worker.on('error', (error) => fail(new Error(`${job.id}: ${error.message}`)));
      worker.on('exit', (code) => {
        running.delete(worker);
        if (failed) return;
        if (!settled) {
          fail(new Error(`${job.id}: worker stopped with exit code ${code} before finishing`));
          return;
        }
        finished += 1;
        if (finished === jobs.length) resolve(results);
        else launch();
      });
    };

    if (jobs.length === 0) resolve(results);
    for (let i = 0; i < Math.min(size, jobs.length); i++) launch();
  });
}

/**
 * Starts a worker on `script`. A TypeScript script (when rnnlab runs from source under tsx)
 * gets a small bootstrap that registers tsx first, because Node.js 20 does not apply the
 * parent's module loaders to a worker's entry file.
 */
export function startWorker(
  script: URL,
  workerData: unknown,
  transferList: TransferListItem[] = [],
): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData, transferList });
  const bootstrap =
    "import('tsx/esm/api').then(({ register }) => { register(); " +
    `return import(${JSON.stringify(script.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, transferList });
}
