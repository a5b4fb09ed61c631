import type { Command } from 'commander';

import type { KernelImplementation } from '../engine/kernels/select.js';
import { join } from 'node:path';

import { ConfigError } from '../experiment/config.js';
import { evaluateOnBatch } from '../experiment/evaluate.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeNpy } from '../io/npy.js';
import { trialAlignedBatch, type TrialAlignedBatch } from '../tasks/index.js';
import { loadModel } from '../experiment/load-model.js';
import { evaluationToJson } from '../experiment/model-folder.js';
import { KERNELS_HELP, parseImplementation, parseSeed, parseTrialCount } from './options.js';

interface EvaluateCommandOptions {
  trials: number;
  seed?: number;
  json?: boolean;
  outcomes?: boolean;
  saveTrials?: string;
  kernels: KernelImplementation;
}

/** Registers `rnnlab evaluate DIR`: scores a saved model closed-loop on fresh trials. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('score a saved model on fresh trials by the task\'s own rule, beside the always-fixate baseline')
    .argument('<dir>', 'model folder with config.json and model.safetensors')
    .option('--trials <n>', 'number of fresh trials', (v) => parseTrialCount('--trials', v), 500)
    .option('--seed <n>', 'seed of the trials (default: the evaluation seed of the config)', (v) =>
      parseSeed('--seed', v),
    )
    .option('--json', 'print one JSON object instead of a table')
    .option('--outcomes', 'with --json, include every trial\'s outcome')
    .option('--kernels <name>', KERNELS_HELP, parseImplementation, 'auto')
    .option(
      '--save-trials <dir>',
      'also write the trials (inputs.npy and their periods) and the scores, to check them elsewhere',
    )
    .action(async (dir: string, options: EvaluateCommandOptions) => {
      if (options.outcomes && !options.json) {
        throw new ConfigError("--outcomes adds each trial's outcome to --json; give --json too");
      }
      const { saved, task, network } = await loadModel(dir, options.kernels);
      const seed = options.seed ?? saved.model.evaluation.seed;
      const batch = trialAlignedBatch(task, { count: options.trials, seed });
      const evaluation = evaluateOnBatch(network, task, batch);
      const json = evaluationToJson(evaluation, seed);
      if (options.saveTrials) saveTrials(options.saveTrials, batch, json);
      const kernelsLine = program.opts().verbose ? `kernels: ${network.kernels.name}\n` : '';
      if (options.json) {
        const { outcomes, ...summary } = json;
        const printed = options.outcomes ? json : summary;
        process.stdout.write(`${JSON.stringify({ model: saved.model.name, ...printed }, null, 2)}\n`);
        // stdout holds only the JSON object, so the kernels line goes to stderr.
        process.stderr.write(kernelsLine);
        return;
      }
      const baseline = json.baselines.alwaysFixate;
      const rows: [string, number, number][] = [
        ['success rate', json.successRate, baseline.successRate],
        ['mean reward', json.meanReward, baseline.meanReward],
        ['last-step accuracy', json.lastStepAccuracy, baseline.lastStepAccuracy],
        ['step accuracy', json.stepAccuracy, baseline.stepAccuracy],
      ];
      const lines = [
        `${saved.model.name} (${saved.model.cell}, hidden ${saved.model.hiddenSize}) on ` +
          `${json.trials} fresh ${task.metadata.name} trials, seed ${seed}`,
        `${'score'.padEnd(20)}${'model'.padStart(8)}${'always fixate'.padStart(16)}`,
        ...rows.map(
          ([name, value, base]) =>
            `${name.padEnd(20)}${value.toFixed(3).padStart(8)}${base.toFixed(3).padStart(16)}`,
        ),
      ];
      for (const row of json.producedIntervals) {
        const produced =
          row.meanMs === null ? 'no response' : `${row.meanMs.toFixed(0)} ± ${(row.stdMs ?? 0).toFixed(0)} ms`;
        lines.push(
          `target ${row.targetMs} ms: produced ${produced} (${row.producedCount}/${row.n} trials responded)`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n${kernelsLine}`);
    });
}

/**
 * Writes the evaluation trials for an independent check: `inputs.npy` (T, B, I) float32,
 * `lengths.npy` (B), `trials.json` (each trial's condition and periods in steps, and dt) and
 * `evaluation.json` (rnnlab's scores of the same trials).
 */
function saveTrials(dir: string, batch: TrialAlignedBatch, evaluation: object): void {
  writeNpy(join(dir, 'inputs.npy'), batch.inputs, [batch.seqLen, batch.batchSize, batch.inputSize]);
  writeNpy(join(dir, 'lengths.npy'), Int32Array.from(batch.lengths), [batch.batchSize]);
  const trials = batch.trials.map((trial) => ({
    condition: trial.condition,
    dtMs: trial.dtMs,
    lengthSteps: trial.lengthSteps,
    periods: trial.periods,
  }));
  writeFileAtomic(join(dir, 'trials.json'), `${JSON.stringify({ trials }, null, 1)}\n`);
  writeFileAtomic(join(dir, 'evaluation.json'), `${JSON.stringify(evaluation, null, 2)}\n`);
}
