import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Command } from 'commander';

import type { KernelImplementation } from '../engine/kernels/select.js';
import { loadExperiment } from '../experiment/load.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { KERNELS_HELP, parseImplementation, parsePositiveInteger } from './options.js';
import { createProgressDisplay, formatSeconds } from './progress.js';
import { formatModelSummary } from './summary.js';

/** Registers `rnnlab run FILE`: trains every model of an experiment file and writes a report. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('train every model of an experiment file and write the run folder and report')
    .argument('<file>', 'experiment file (YAML), for example examples/motor-timing.yaml')
    .option('--out <dir>', 'run folder (default: runs/<experiment name>)')
    .option('--workers <n>', 'models trained at once, in worker threads (default: cores / training.threads)', (value) =>
      parsePositiveInteger('--workers', value),
    )
    .option('--kernels <name>', KERNELS_HELP, parseImplementation, 'auto')
    .option('--no-report', 'skip report.html and figures/')
    .action(async (file: string, options: RunCommandOptions) => {
      const experiment = loadExperiment(file);
      const outDir = options.out ?? join('runs', experiment.name);
      const progress = createProgressDisplay();
      let result;
      try {
        result = await runExperiment(experiment, {
          outDir,
          workers: options.workers,
          implementation: options.kernels,
          report: options.report,
          onStart: (model) => progress.start(model.name, model.training.steps),
          onProgress: (model, update) => progress.update(model, update),
          reportContext: {
            command: `rnnlab run ${file}${options.out ? ` --out ${options.out}` : ''}`,
            configText: readFileSync(file, 'utf8'),
          },
        });
      } finally {
        progress.stop();
      }
      for (const model of result.models) process.stdout.write(`${formatModelSummary(model)}\n`);
      if (program.opts().verbose) {
        const kernels = [...new Set(result.models.map((model) => model.kernelName))].join(', ');
        process.stdout.write(`kernels: ${kernels}\n`);
      }
      const where = result.reportPath ? `report: ${result.reportPath}` : `run folder: ${outDir}`;
      process.stdout.write(`done in ${formatSeconds(result.seconds)}; ${where}\n`);
    });
}

interface RunCommandOptions {
  out?: string;
  workers?: number;
  kernels: KernelImplementation;
  report: boolean;
}
