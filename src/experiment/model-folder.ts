/**
 * A model folder: everything one trained model leaves behind.
 *
 *     config.json        the model's complete settings and the network it builds
 *     metrics.csv        loss per step and the periodic evaluations
 *     model.safetensors  the weights, named as PyTorch names them
 *     evaluation.json    the closed-loop scores on fresh trials, with the baselines
 *
 * Every file is written atomically, so a crash never leaves half a file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import type { NetworkConfig, RecurrentNetwork } from '../engine/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors-file.js';
import type { Evaluation, Task } from '../tasks/index.js';
import { packageVersion } from '../cli/version.js';
import { ConfigError, formatConfigError, savedModelSchema, type ModelConfig } from './config.js';
import { formatMetricsCsv, parseMetricsCsv, type TrainingRecord } from './metrics.js';

export const MODEL_FILES = {
  config: 'config.json',
  metrics: 'metrics.csv',
  weights: 'model.safetensors',
  evaluation: 'evaluation.json',
} as const;

/** The contents of config.json. */
export interface SavedModelConfig {
  rnnlabVersion: string;
  model: ModelConfig;
  network: NetworkConfig;
  task: { name: string; dtMs: number; inputNames: string[]; outputNames: string[] };
  kernels: string;
  trainingSeconds: number;
  createdAt: string;
}

/** The contents of evaluation.json: the summary's fields at the top, then every trial. */
export type SavedEvaluation = Evaluation['summary'] & {
  evaluationSeed: number;
  outcomes: { targetMs: number | null; producedMs: number | null; success: boolean; reward: number }[];
};

/** Returns the JSON form of an evaluation, as evaluation.json stores it. */
export function evaluationToJson(evaluation: Evaluation, seed: number): SavedEvaluation {
  return {
    ...evaluation.summary,
    evaluationSeed: seed,
    outcomes: evaluation.outcomes.map((outcome) => ({
      targetMs: outcome.targetMs,
      producedMs: outcome.producedMs,
      success: outcome.success,
      reward: outcome.reward,
    })),
  };
}

export interface ModelFolderContents {
  model: ModelConfig;
  network: RecurrentNetwork;
  task: Task;
  record: TrainingRecord;
  evaluation: Evaluation;
  trainingSeconds: number;
  kernelName: string;
}

/** Writes the four files of a trained model into `dir`. */
export function writeModelFolder(dir: string, contents: ModelFolderContents): void {
  const { model, network, task } = contents;
  const config: SavedModelConfig = {
    rnnlabVersion: packageVersion(),
    model,
    network: { ...network.config },
    task: {
      name: task.metadata.name,
      dtMs: task.dtMs,
      inputNames: [...task.inputNames],
      outputNames: [...task.outputNames],
    },
    kernels: contents.kernelName,
    trainingSeconds: contents.trainingSeconds,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(join(dir, MODEL_FILES.config), `${JSON.stringify(config, null, 2)}\n`);
  writeFileAtomic(join(dir, MODEL_FILES.metrics), formatMetricsCsv(contents.record));
  saveSafetensors(join(dir, MODEL_FILES.weights), network.stateDict(), {
    format: 'pt',
    cell: model.cell,
    hidden_size: String(model.hiddenSize),
    task: task.metadata.name,
    rnnlab_version: config.rnnlabVersion,
  });
  const evaluation = evaluationToJson(contents.evaluation, model.evaluation.seed);
  writeFileAtomic(join(dir, MODEL_FILES.evaluation), `${JSON.stringify(evaluation, null, 2)}\n`);
}

/** Reads config.json of a model folder, with an error naming what is missing. */
export function readSavedConfig(dir: string): SavedModelConfig {
  const path = join(dir, MODEL_FILES.config);
  if (!existsSync(path)) {
    const models = existsSync(join(dir, 'experiment.json')) ? modelFoldersOf(dir) : [];
    if (models.length > 0) {
      throw new Error(`${dir} is a run folder, not a model folder; its model folders: ${models.join(', ')}`);
    }
    throw new Error(`${dir} is not a model folder: ${MODEL_FILES.config} not found`);
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: invalid JSON (${(error as Error).message})`);
  }
  const result = savedConfigSchema.safeParse(document);
  if (!result.success) {
    const [first, ...others] = formatConfigError(path, document, result.error).split('\n');
    const more = others.length === 1 ? ' (and 1 more problem)' : ` (and ${others.length} more problems)`;
    throw new ConfigError(others.length > 0 ? `${first}${more}` : `${first}`);
  }
  return result.data as unknown as SavedModelConfig;
}

const savedConfigSchema = z.looseObject({ model: savedModelSchema, trainingSeconds: z.number().min(0) });

/** Returns the names of the model folders in a run folder, sorted. */
function modelFoldersOf(runDir: string): string[] {
  return readdirSync(runDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(runDir, entry.name, MODEL_FILES.config)))
    .map((entry) => entry.name)
    .sort();
}

/** Reads metrics.csv of a model folder. */
export function readTrainingRecord(dir: string): TrainingRecord {
  const path = join(dir, MODEL_FILES.metrics);
  if (!existsSync(path)) throw new Error(`${dir}: ${MODEL_FILES.metrics} not found`);
  return parseMetricsCsv(readFileSync(path, 'utf8'));
}

/** Reads evaluation.json of a model folder. */
export function readSavedEvaluation(dir: string): SavedEvaluation {
  const path = join(dir, MODEL_FILES.evaluation);
  if (!existsSync(path)) throw new Error(`${dir}: ${MODEL_FILES.evaluation} not found`);
  return JSON.parse(readFileSync(path, 'utf8')) as SavedEvaluation;
}

/** Loads model.safetensors of a model folder into `network`, strictly, as PyTorch would. */
export function loadWeights(dir: string, network: RecurrentNetwork): void {
  const path = join(dir, MODEL_FILES.weights);
  if (!existsSync(path)) throw new Error(`${dir}: ${MODEL_FILES.weights} not found`);
  const { tensors } = loadSafetensors(path);
  const dict: Record<string, { shape: number[]; data: ArrayLike<number> }> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor.data instanceof BigInt64Array || tensor.data instanceof BigUint64Array) {
      throw new Error(`${path}: tensor ${name} has dtype ${tensor.dtype}; expected F32 or F64`);
    }
    dict[name] = { shape: tensor.shape, data: tensor.data };
  }
  try {
    network.loadStateDict(dict, { strict: true });
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
