/**
 * Gathers what the report shows from a run folder: each model's settings, training record,
 * evaluation and weights, and example trials run through the saved network. Nothing is
 * retrained, so a report can be rebuilt from the folder alone.
 */
import { join } from 'node:path';

import type { ExperimentConfig } from './config.js';
import { exampleConditions, runExampleTrials } from './example-trials.js';
import { loadModel } from './load-model.js';
import { readSavedEvaluation, readTrainingRecord } from './model-folder.js';
import type { ModelReport, ReportInput } from '../report/types.js';
import { packageVersion } from '../cli/version.js';

/** Seed of the example trials, shared by every model so that they see the same trials. */
const EXAMPLE_SEED = 424242;

export interface ReportContext {
  /** The command line that reproduces the experiment. */
  command: string;
  /** The experiment file as the user wrote it. */
  configText?: string;
}

/** Builds the report input for an experiment whose model folders are in `runDir`. */
export async function buildReportInput(
  runDir: string,
  experiment: ExperimentConfig,
  context: ReportContext,
): Promise<ReportInput> {
  const models: ModelReport[] = [];
  let taskInfo: ReportInput['task'] | null = null;

  for (const entry of experiment.models) {
    const dir = join(runDir, entry.name);
    const { saved, task, network } = await loadModel(dir);
    const record = readTrainingRecord(dir);
    const evaluation = readSavedEvaluation(dir);
    const conditions = exampleConditions(task);
    taskInfo ??= {
      name: task.metadata.name,
      description: task.metadata.description,
      kind: task.kind,
      dtMs: task.dtMs,
      conditions: { targetMs: conditions.map((condition) => condition.intervalMs ?? null) },
    };
    models.push({
      name: entry.name,
      cell: saved.model.cell,
      hiddenSize: saved.model.hiddenSize,
      config: saved.model,
      trainingSeconds: saved.trainingSeconds,
      steps: record.lossCurve.length,
      lossCurve: record.lossCurve,
      evaluationCurve: record.evaluationCurve.map(({ step, successRate }) => ({ step, successRate })),
      evaluation: {
        ...evaluation,
        producedIntervals: evaluation.producedIntervals.map((row) => ({ ...row })),
        outcomes: evaluation.outcomes.map((outcome) => ({
          ...outcome,
          targetMs: outcome.targetMs ?? 0,
        })),
      },
      stateDict: network.stateDict(),
      exampleTrials: runExampleTrials(network, task, EXAMPLE_SEED, conditions),
    });
  }

  return {
    title: experiment.description ?? experiment.name,
    task: taskInfo as ReportInput['task'],
    createdAt: new Date().toISOString(),
    command: context.command,
    versions: { rnnlab: packageVersion(), node: process.version },
    configText: context.configText,
    models,
  };
}
