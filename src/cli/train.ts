import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

import type { Command } from 'commander';

import type { KernelImplementation } from '../engine/kernels/select.js';
import { CELL_TYPES, ConfigError, parseExperiment, type ExperimentConfig } from '../experiment/config.js';
import { cleanUpOnSignal } from '../experiment/interrupt.js';
import { loadExperiment } from '../experiment/load.js';
import { writeModelFolder } from '../experiment/model-folder.js';
import { checkExperiment, checkReplaceable, replaceFolder } from '../experiment/run-experiment.js';
import { ParallelGradients } from '../experiment/parallel-gradients.js';
import { runTraining } from '../experiment/training-run.js';
import {
  parseCell,
  KERNELS_HELP,
  parseImplementation,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSeed,
} from './options.js';
import { createProgressDisplay } from './progress.js';
import { formatModelSummary } from './summary.js';

interface TrainCommandOptions {
  config?: string;
  model?: string;
  task?: string;
  cell?: string;
  hidden?: number;
  batch?: number;
  seqLen?: number;
  steps?: number;
  lr?: number;
  dt?: number;
  seed?: number;
  out?: string;
  threads?: number;
  kernels: KernelImplementation;
}

/** Registers `rnnlab train`: trains one model from flags or a config file. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train one model from flags or an experiment file, and save it to a folder')
    .option('--config <file>', 'experiment file (YAML) to start from; flags override it')
    .option('--model <name>', 'model of the experiment file to train, when it lists several')
    .option('--task <name>', 'task, for example MotorTiming or MotorTiming-v0 (default MotorTiming)')
    .option('--cell <type>', `recurrent cell: ${CELL_TYPES.join(', ')} (default lstm)`, parseCell)
    .option('--hidden <n>', 'hidden units (default 81)', (v) => parsePositiveInteger('--hidden', v))
    .option('--batch <n>', 'trials per batch (default 16)', (v) => parsePositiveInteger('--batch', v))
    .option('--seq-len <n>', 'steps per training window (default 100)', (v) =>
      parsePositiveInteger('--seq-len', v),
    )
    .option('--steps <n>', 'optimizer steps (default 3000)', (v) => parsePositiveInteger('--steps', v))
    .option('--lr <rate>', "initial learning rate of the model's optimizer (default 0.003)", (v) => parsePositiveNumber('--lr', v))
    .option('--dt <ms>', "time step in ms (default: the task's own)", (v) => parsePositiveNumber('--dt', v))
    .option('--seed <n>', 'seed of every random draw (default 1)', (v) =>
      parseSeed('--seed', v),
    )
    .option('--out <dir>', 'model folder to write (default runs/<task>-<cell>)')
    .option(
      '--threads <n>',
      'threads that split each batch by column (default 1); results depend on the count',
      (v) => parsePositiveInteger('--threads', v),
    )
    .option('--kernels <name>', KERNELS_HELP, parseImplementation, 'auto')
    .action(async (options: TrainCommandOptions) => {
      const experiment = trainingExperiment(options);
      const [model] = checkExperiment(experiment);
      if (!model) throw new ConfigError('no model to train');
      const outDir = options.out ?? join('runs', `${experiment.task.name}-${model.cell}`);
      checkReplaceable(outDir);

      mkdirSync(dirname(outDir), { recursive: true });
      const staging = join(dirname(outDir), `.${basename(outDir)}.${randomBytes(4).toString('hex')}.partial`);
      const progress = createProgressDisplay();
      progress.start(model.name, model.training.steps);
      const removeStaging = (): void => rmSync(staging, { recursive: true, force: true });
      // Training blocks this thread, so a signal handler would run only after it ends. Until the
      // staging folder is written, a signal's default action ends the process at once.
      let stopCleanUp = (): void => {};
      try {
        const result = await runTraining(model, {
          implementation: options.kernels,
          gradientThreads: (network, setup) => ParallelGradients.create(network, setup),
          onProgress: (update) => progress.update(model.name, update),
        });
        progress.stop();
        stopCleanUp = cleanUpOnSignal(removeStaging);
        writeModelFolder(staging, { model, ...result });
        replaceFolder(staging, outDir);
        // A signal that came while the folder was written is handled now rather than lost.
        await new Promise((resolve) => setImmediate(resolve));
        const summary = result.evaluation.summary;
        process.stdout.write(
          `${formatModelSummary({
            name: model.name,
            successRate: summary.successRate,
            meanReward: summary.meanReward,
            lastStepAccuracy: summary.lastStepAccuracy,
            stepAccuracy: summary.stepAccuracy,
            baselineLastStepAccuracy: summary.baselines.alwaysFixate.lastStepAccuracy,
            baselineStepAccuracy: summary.baselines.alwaysFixate.stepAccuracy,
            trials: summary.trials,
            trainingSeconds: result.trainingSeconds,
            kernelName: result.kernelName,
            finalLoss: result.record.lossCurve.at(-1)?.loss ?? Number.NaN,
          })}\n`,
        );
        if (program.opts().verbose) process.stdout.write(`kernels: ${result.kernelName}\n`);
        process.stdout.write(`saved to ${outDir}\n`);
      } catch (error) {
        progress.stop();
        removeStaging();
        throw error;
      } finally {
        stopCleanUp();
      }
    });
}

/** Builds a one-model experiment from the config file (if any) and the flags. */
function trainingExperiment(options: TrainCommandOptions): ExperimentConfig {
  if (options.model !== undefined && !options.config) {
    throw new ConfigError('--model selects a model of the --config file; give --config too');
  }
  const base = options.config ? loadExperiment(options.config) : null;
  let index = 0;
  if (base) {
    const names = base.models.map((model) => model.name).join(', ');
    if (options.model === undefined && base.models.length > 1) {
      throw new ConfigError(`${options.config} lists several models (${names}); pick one with --model`);
    }
    if (options.model !== undefined) index = base.models.findIndex((model) => model.name === options.model);
    if (index < 0) {
      throw new ConfigError(`--model: no model "${options.model}" in ${options.config}; models: ${names}`);
    }
  }
  const entry = base?.models[index];
  // rnnlab run seeds a model without its own seed with the experiment seed plus its index.
  const seed = options.seed ?? entry?.seed ?? (base ? base.seed + index : undefined);

  const cell = options.cell ?? entry?.cell ?? 'lstm';
  // --lr changes the rate of the optimizer that the model trains with, its own or the file's.
  const optimizer = entry?.training?.optimizer ??
    base?.training.optimizer ?? { name: 'adam', lr: 0.003 };
  const raw = {
    name: base?.name ?? 'train',
    seed: options.seed ?? base?.seed ?? 1,
    task: {
      name: options.task ?? base?.task.name ?? 'MotorTiming',
      ...(options.dt !== undefined || base?.task.dtMs !== undefined
        ? { dtMs: options.dt ?? base?.task.dtMs }
        : {}),
      options: base?.task.options ?? {},
    },
    training: {
      ...(base?.training ?? {}),
      ...(options.batch !== undefined ? { batchSize: options.batch } : {}),
      ...(options.seqLen !== undefined ? { seqLen: options.seqLen } : {}),
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      optimizer: { ...optimizer, ...(options.lr !== undefined ? { lr: options.lr } : {}) },
    },
    evaluation: base?.evaluation,
    models: [
      {
        ...(entry ?? {}),
        training: withoutKeys(entry?.training, [
          ...(options.batch !== undefined ? ['batchSize'] : []),
          ...(options.seqLen !== undefined ? ['seqLen'] : []),
          ...(options.steps !== undefined ? ['steps'] : []),
          ...(options.threads !== undefined ? ['threads'] : []),
          ...(options.lr !== undefined ? ['optimizer'] : []),
        ]),
        name: entry?.name ?? cell,
        cell,
        hiddenSize: options.hidden ?? entry?.hiddenSize ?? 81,
        ...(seed !== undefined ? { seed } : {}),
      },
    ],
  };
  if (raw.evaluation === undefined) delete (raw as { evaluation?: unknown }).evaluation;
  return parseExperiment(raw, options.config ? `${options.config} with flags` : 'flags');
}

/** Returns a copy of a model's training overrides without the keys that flags replace. */
function withoutKeys<T extends object>(value: T | undefined, keys: string[]): T | undefined {
  if (value === undefined) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key))) as T;
}
