/**
 * Runs an experiment: trains every model in worker threads (as many at once as there are
 * cores), writes each model folder, then the report.
 *
 * Each model trains into a hidden staging folder beside its final place and moves into place
 * only when it has finished. A failed or interrupted run therefore leaves no partial model
 * folder, and a bad experiment is rejected before any folder is made.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { RecurrentNetwork, createReferenceKernels } from '../engine/index.js';
import type { KernelImplementation } from '../engine/kernels/select.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeReport } from '../report/write-report.js';
import { buildNetworkConfig, buildTask } from './build.js';
import { ConfigError, resolveModels, type ExperimentConfig, type ModelConfig } from './config.js';
import { MODEL_FILES } from './model-folder.js';
import { cleanUpOnSignal } from './interrupt.js';
import { buildReportInput, type ReportContext } from './report-input.js';
import type { TrainJob, TrainJobResult } from './train-worker.js';
import type { TrainingProgress } from './training-run.js';
import { runInWorkers, siblingScript } from './worker-pool.js';

/** The validated experiment, with defaults filled in, as the run folder keeps it. */
export const EXPERIMENT_FILE = 'experiment.json';
/** The experiment file as the user wrote it. */
export const EXPERIMENT_SOURCE_FILE = 'experiment.yaml';

export interface RunOptions {
  /** Folder of the run; its model folders and report go inside. */
  outDir: string;
  /** Worker threads at once; the number of cores unless given. */
  workers?: number;
  implementation?: KernelImplementation;
  onStart?: (model: ModelConfig) => void;
  onProgress?: (model: string, progress: TrainingProgress) => void;
  /** Whether to write report.html and figures/ after training (true). */
  report?: boolean;
  reportContext: ReportContext;
}

export interface RunResult {
  models: TrainJobResult[];
  reportPath: string | null;
  seconds: number;
}

/**
 * Checks that every model of the experiment can be built (task name and options, network
 * settings) before anything is written.
 */
export function checkExperiment(experiment: ExperimentConfig): ModelConfig[] {
  const models = resolveModels(experiment);
  for (const model of models) {
    const task = buildTask(model.task);
    // Building a tiny network with the real settings runs every check of the engine.
    const config = buildNetworkConfig(model, task);
    new RecurrentNetwork(createReferenceKernels('float32'), { ...config });
  }
  return models;
}

/** Trains every model of `experiment` and writes the run folder. */
export async function runExperiment(
  experiment: ExperimentConfig,
  options: RunOptions,
): Promise<RunResult> {
  const started = performance.now();
  const models = checkExperiment(experiment);
  const outDir = options.outDir;
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new ConfigError(`${outDir} exists and is a file, not a folder. Pick another run folder`);
  }
  for (const model of models) checkReplaceable(join(outDir, model.name));
  const createdOutDir = !existsSync(outDir);
  mkdirSync(outDir, { recursive: true });

  const token = randomBytes(4).toString('hex');
  const staging = new Map(models.map((model) => [model.name, join(outDir, `.${model.name}.${token}.partial`)]));
  const jobs = models.map((model) => ({
    id: model.name,
    input: {
      model,
      dir: staging.get(model.name) as string,
      implementation: options.implementation ?? 'auto',
    } satisfies TrainJob,
    onProgress: (progress: TrainingProgress) => options.onProgress?.(model.name, progress),
  }));
  for (const model of models) options.onStart?.(model);

  // A model with training.threads above 1 occupies that many cores, so fewer train at once.
  const threadsPerModel = Math.max(...models.map((model) => model.training.threads));
  const modelsAtOnce = Math.floor(availableParallelism() / threadsPerModel);
  const workers = Math.max(1, options.workers ?? experiment.workers ?? modelsAtOnce);
  const removeStaging = (): void => {
    for (const dir of staging.values()) rmSync(dir, { recursive: true, force: true });
    if (createdOutDir && existsSync(outDir) && readdirSync(outDir).length === 0) {
      rmSync(outDir, { recursive: true });
    }
  };
  const stopCleanUp = cleanUpOnSignal(removeStaging);
  let results: TrainJobResult[];
  try {
    results = await runInWorkers<TrainJob, TrainingProgress, TrainJobResult>(
      siblingScript(import.meta.url, 'train-worker'),
      jobs,
      Math.min(workers, models.length),
    );
    for (const model of models) {
      replaceFolder(staging.get(model.name) as string, join(outDir, model.name));
    }
  } catch (error) {
    removeStaging();
    throw error;
  } finally {
    stopCleanUp();
  }
  writeFileAtomic(join(outDir, EXPERIMENT_FILE), `${JSON.stringify(experiment, null, 2)}\n`);
  if (options.reportContext.configText !== undefined) {
    writeFileAtomic(join(outDir, EXPERIMENT_SOURCE_FILE), options.reportContext.configText);
  }

  let reportPath: string | null = null;
  if (options.report ?? true) {
    const input = await buildReportInput(outDir, experiment, options.reportContext);
    reportPath = (await writeReport(outDir, input)).htmlPath;
  }
  return { models: results, reportPath, seconds: (performance.now() - started) / 1000 };
}

/**
 * Throws unless `target` may be replaced by a new model folder: it must be absent, an empty
 * folder or an older model folder, so that a mistyped `--out` never deletes other files.
 */
export function checkReplaceable(target: string): void {
  if (!existsSync(target)) return;
  const entries = statSync(target).isDirectory() ? readdirSync(target) : null;
  if (entries === null || (entries.length > 0 && !isModelFolder(entries))) {
    throw new ConfigError(
      `${target} exists and is not a model folder with ${MODEL_FILES.config} and ${MODEL_FILES.weights}. ` +
        'rnnlab replaces only a model folder or an empty folder, so pick another folder or remove this one',
    );
  }
}

function isModelFolder(entries: string[]): boolean {
  return entries.includes(MODEL_FILES.config) && entries.includes(MODEL_FILES.weights);
}

/** Moves `source` to `target`, replacing an older `target` only once the move can succeed. */
export function replaceFolder(source: string, target: string): void {
  checkReplaceable(target);
  if (!existsSync(target)) {
    renameSync(source, target);
    return;
  }
  const old = `${target}.${randomBytes(4).toString('hex')}.old`;
  renameSync(target, old);
  try {
    renameSync(source, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
