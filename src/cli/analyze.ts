import type { Command } from 'commander';

import type { KernelImplementation } from '../engine/kernels/select.js';
import { InvalidArgumentError } from 'commander';

import { existsSync, statSync } from 'node:fs';

import { ANALYSIS_DEFAULTS, quotedWeberFraction } from '../experiment/analyze-model.js';
import type { ModelAnalysis } from '../experiment/analyze-model.js';
import { analysePsth, isPsthFolder, type PsthAnalysis } from '../experiment/analyze-psth.js';
import { analyseRun } from '../experiment/analyze-run.js';
import { KERNELS_HELP, parseImplementation, parsePositiveInteger, parseSeed } from './options.js';
import { formatSeconds } from './progress.js';

interface AnalyzeCommandOptions {
  psth?: boolean;
  intervals?: number[];
  labelUnit: 'ms' | 's';
  trials: number;
  behaviourTrials: number;
  sweep?: number[];
  starts: number;
  iterations: number;
  seed: number;
  report: boolean;
  json?: boolean;
  kernels: KernelImplementation;
}

/**
 * Registers `rnnlab analyze DIR`: the population and behaviour analyses of a run folder's
 * saved models, or of a PSTH folder written by `rnnlab nwb psth`.
 */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description(
      'analyse saved models without retraining (PCA, temporal scaling, KiNeT, speed, ' +
        'behaviour, fixed points) and add one section per model to report.html; or analyse ' +
        'a PSTH folder of rnnlab nwb psth',
    )
    .argument('<dir>', 'run folder of rnnlab run, or PSTH folder of rnnlab nwb psth')
    .option('--psth', 'treat DIR as a PSTH folder (detected from psth.npy when not given)')
    .option(
      '--intervals <ms,...>',
      'PSTH only: interval of each group in ms, in group order (default: numeric group labels)',
      parseIntervals('--intervals'),
    )
    .option('--label-unit <unit>', 'PSTH only: unit of numeric group labels, ms or s', parseUnit, 'ms')
    .option(
      '--trials <n>',
      'trials per interval averaged into each condition',
      (value) => parsePositiveInteger('--trials', value),
      ANALYSIS_DEFAULTS.trialsPerInterval,
    )
    .option(
      '--behaviour-trials <n>',
      'fresh trials per target for the behaviour',
      (value) => parsePositiveInteger('--behaviour-trials', value),
      ANALYSIS_DEFAULTS.behaviourTrials,
    )
    .option(
      '--sweep <ms,...>',
      'targets of the interval sweep in ms (default: the trained intervals and 9 evenly ' +
        'spaced targets, for tasks such as CueSetGo that accept untrained intervals)',
      parseIntervals('--sweep'),
    )
    .option(
      '--starts <n>',
      'initial states of the fixed-point search per constant input; the search time grows ' +
        'with starts x iterations',
      (value) => parsePositiveInteger('--starts', value),
      ANALYSIS_DEFAULTS.fixedPointStarts,
    )
    .option(
      '--iterations <n>',
      'maximum Adam iterations per start',
      (value) => parsePositiveInteger('--iterations', value),
      ANALYSIS_DEFAULTS.fixedPointIterations,
    )
    .option(
      '--seed <n>',
      'seed of the trials and initial states',
      (value) => parseSeed('--seed', value),
      ANALYSIS_DEFAULTS.seed,
    )
    .option('--no-report', 'write analysis.json only, leaving report.html as it is')
    .option('--json', 'print one JSON object instead of one line per model')
    .option('--kernels <name>', KERNELS_HELP, parseImplementation, 'auto')
    .action(async (dir: string, options: AnalyzeCommandOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new Error(`${dir} is not a folder; give a run folder or a PSTH folder`);
      }
      if (options.psth || isPsthFolder(dir)) {
        const result = await analysePsth(dir, {
          intervalsMs: options.intervals,
          labelUnit: options.labelUnit,
        });
        process.stdout.write(options.json ? `${JSON.stringify(psthSummary(result), null, 2)}\n` : `${psthLine(result)}\n`);
        return;
      }
      if (options.intervals !== undefined) {
        throw new Error(`--intervals applies to PSTH folders only, and ${dir} is a run folder`);
      }
      const result = await analyseRun(dir, {
        trialsPerInterval: options.trials,
        behaviourTrials: options.behaviourTrials,
        sweepIntervalsMs: options.sweep,
        fixedPointStarts: options.starts,
        fixedPointIterations: options.iterations,
        seed: options.seed,
        implementation: options.kernels,
        report: options.report,
        onProgress: (line) => process.stderr.write(`${line}\n`),
      });
      // stdout holds only the summary (one JSON object under --json), so this goes to stderr.
      if (program.opts().verbose) process.stderr.write(`kernels: ${result.kernelName}\n`);
      if (options.json) {
        const summary = {
          runDir: dir,
          models: result.models.map(modelSummary),
          report: result.reportPath,
          seconds: result.seconds,
        };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      for (const analysis of result.models) process.stdout.write(`${modelLine(analysis)}\n`);
      const where = result.reportPath ? `report: ${result.reportPath}` : `run folder: ${dir}`;
      process.stdout.write(`done in ${formatSeconds(result.seconds)}; ${where}\n`);
    });
}

/** Returns the numbers of one model that the command prints. */
function modelSummary(analysis: ModelAnalysis) {
  const points = analysis.fixedPoints.flatMap((entry) => entry.points);
  return {
    model: analysis.name,
    scalingIndex: analysis.scaling.summary.medianScaled,
    absoluteIndex: analysis.scaling.summary.medianAbsolute,
    speedExponentB: analysis.speed.B,
    weberFraction: quotedWeberFraction(analysis.behaviour.behaviour),
    fixedPoints: points.filter((point) => point.kind === 'fixed').length,
    slowPoints: points.filter((point) => point.kind === 'slow').length,
    constantInputs: analysis.fixedPoints.length,
    seconds: analysis.seconds,
  };
}

function modelLine(analysis: ModelAnalysis): string {
  const summary = modelSummary(analysis);
  return (
    `${summary.model}: scaling index ${format(summary.scalingIndex, 3)} ` +
    `(absolute ${format(summary.absoluteIndex, 3)}), B = ${format(summary.speedExponentB, 2)}, ` +
    `Weber fraction ${format(summary.weberFraction, 3)}, ${summary.fixedPoints} fixed and ` +
    `${summary.slowPoints} slow points over ${summary.constantInputs} inputs, ` +
    `${formatSeconds(summary.seconds)}`
  );
}

function psthSummary(result: PsthAnalysis) {
  return {
    psthDir: result.dir,
    source: result.source,
    units: result.units,
    groups: result.groups,
    scalingIndex: result.scaling.summary.medianScaled,
    absoluteIndex: result.scaling.summary.medianAbsolute,
    speedExponentB: result.speed.B,
    relativeSpeeds: result.kinet.conditions.map((condition) => ({
      condition: condition.label,
      relativeSpeed: condition.relativeSpeed,
    })),
    html: result.htmlPath,
    json: result.jsonPath,
  };
}

function psthLine(result: PsthAnalysis): string {
  const groups = result.groups.map((group) => `${group.label} = ${group.intervalMs} ms`).join(', ');
  return (
    `${result.units} units, groups ${groups}: scaling index ` +
    `${format(result.scaling.summary.medianScaled, 3)} (absolute ` +
    `${format(result.scaling.summary.medianAbsolute, 3)}), B = ${format(result.speed.B, 2)}; ` +
    `page: ${result.htmlPath}`
  );
}

function format(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'undefined';
}

function parseIntervals(flag: string): (value: string) => number[] {
  return (value: string) => {
    const parts = value.split(',').map((part) => part.trim());
    const numbers = parts.map(Number);
    if (parts.some((part) => part === '') || numbers.some((number) => !(number > 0) || !Number.isFinite(number))) {
      throw new InvalidArgumentError(
        `${flag} expects positive intervals in ms separated by commas, such as 800,1500; got "${value}".`,
      );
    }
    return numbers;
  };
}

function parseUnit(value: string): 'ms' | 's' {
  if (value !== 'ms' && value !== 's') throw new InvalidArgumentError('allowed: ms, s.');
  return value;
}
