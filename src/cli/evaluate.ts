import type { Command } from 'commander';

import { evaluateNetwork } from '../experiment/evaluate.js';
import { loadModel } from '../experiment/load-model.js';
import { evaluationToJson } from '../experiment/model-folder.js';
import { parseImplementation, parseNonNegativeInteger, parsePositiveInteger } from './options.js';

interface EvaluateCommandOptions {
  trials: number;
  seed?: number;
  json?: boolean;
  outcomes?: boolean;
  kernels: 'auto' | 'typescript' | 'wasm';
}

/** Registers `rnnlab evaluate DIR`: scores a saved model closed-loop on fresh trials. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('score a saved model on fresh trials by the task\'s own rule, beside the always-fixate baseline')
    .argument('<dir>', 'model folder with config.json and model.safetensors')
    .option('--trials <n>', 'number of fresh trials (default 500)', (v) => parsePositiveInteger('--trials', v), 500)
    .option('--seed <n>', 'seed of the trials (default: the evaluation seed of the config)', (v) =>
      parseNonNegativeInteger('--seed', v),
    )
    .option('--json', 'print one JSON object instead of a table')
    .option('--outcomes', 'with --json, include every trial\'s outcome')
    .option('--kernels <name>', 'kernel implementation: auto, wasm or typescript', parseImplementation, 'auto')
    .action(async (dir: string, options: EvaluateCommandOptions) => {
      const { saved, task, network } = await loadModel(dir, options.kernels);
      const seed = options.seed ?? saved.model.evaluation.seed;
      const evaluation = evaluateNetwork(network, task, options.trials, seed);
      const json = evaluationToJson(evaluation, seed);
      if (options.json) {
        const { outcomes, ...summary } = json;
        const printed = options.outcomes ? json : summary;
        process.stdout.write(`${JSON.stringify({ model: saved.model.name, ...printed }, null, 2)}\n`);
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
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
