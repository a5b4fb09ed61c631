/**
 * Time to train an experiment's models to a closed-loop success rate (0.95 by default). Each
 * model trains alone, one after another, so that no other model shares its core. The time is
 * the wall-clock time from the first training step to the end of the first periodic
 * evaluation on held-out trials that reaches the target, and so includes the evaluations made
 * until then. The final evaluation on fresh trials, after training, is reported beside it.
 */
import { loadExperiment } from '../experiment/load.js';
import { resolveModels } from '../experiment/config.js';
import { runTraining } from '../experiment/training-run.js';
import type { KernelImplementation } from '../engine/kernels/select.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { formatTable, type Column } from './table.js';

export interface TimeToSuccessOptions {
  readonly experimentFile: string;
  readonly targetSuccess: number;
  readonly implementation: KernelImplementation;
  readonly onProgress?: (message: string) => void;
}

export interface ModelTimeToSuccess {
  readonly model: string;
  readonly cell: string;
  readonly kernels: string;
  /** First evaluated step whose held-out success reached the target; null if none did. */
  readonly step: number | null;
  /** Seconds from the start of training to the end of that evaluation; null if none did. */
  readonly seconds: number | null;
  readonly totalSteps: number;
  readonly trainingSeconds: number;
  /** Success rate of the final evaluation on fresh trials. */
  readonly finalSuccessRate: number;
  readonly finalTrials: number;
}

export interface TimeToSuccessReport {
  readonly machine: MachineInfo;
  readonly experimentFile: string;
  readonly targetSuccess: number;
  readonly evaluateEvery: number;
  readonly evaluationTrials: number;
  readonly models: ModelTimeToSuccess[];
}

/** Trains every model of the experiment file and records when each reached the target. */
export async function timeToSuccess(options: TimeToSuccessOptions): Promise<TimeToSuccessReport> {
  const experiment = loadExperiment(options.experimentFile);
  if (experiment.training.evaluateEvery === 0) {
    throw new Error(
      `${options.experimentFile}: training.evaluateEvery is 0, so no periodic evaluation ` +
        'shows when the target is reached; set it to a positive number of steps',
    );
  }
  const models: ModelTimeToSuccess[] = [];
  for (const model of resolveModels(experiment)) {
    options.onProgress?.(`training ${model.name} (${model.training.steps} steps)`);
    const result = await runTraining(model, { implementation: options.implementation });
    const { evaluationCurve, secondsPerStep } = result.record;
    const reached = evaluationCurve.find((row) => row.successRate >= options.targetSuccess);
    const elapsed = reached && secondsPerStep.find((row) => row.step === reached.step);
    models.push({
      model: model.name,
      cell: model.cell,
      kernels: result.kernelName,
      step: reached?.step ?? null,
      seconds: elapsed ? elapsed.elapsedSeconds : null,
      totalSteps: model.training.steps,
      trainingSeconds: result.trainingSeconds,
      finalSuccessRate: result.evaluation.summary.successRate,
      finalTrials: result.evaluation.summary.trials,
    });
  }
  return {
    machine: describeMachine(),
    experimentFile: options.experimentFile,
    targetSuccess: options.targetSuccess,
    evaluateEvery: experiment.training.evaluateEvery,
    evaluationTrials: experiment.training.evaluationTrials,
    models,
  };
}

/** Formats the report as a header and a table, one row per model. */
export function formatTimeToSuccess(report: TimeToSuccessReport): string {
  const { machine } = report;
  const header = [
    `Time to success ${report.targetSuccess} on ${report.experimentFile}, each model alone ` +
      `on one thread, held-out evaluation of ${report.evaluationTrials} trials every ` +
      `${report.evaluateEvery} steps`,
    `Machine: ${machine.cpuCount} CPUs, ${machine.cpuModel}, Node.js ${machine.nodeVersion}, ` +
      `load average ${machine.loadAverage.toFixed(2)} at the end`,
    '',
  ];
  const columns: Column<ModelTimeToSuccess>[] = [
    { heading: 'model', align: 'left', value: (row) => row.model },
    { heading: 'kernels', align: 'left', value: (row) => row.kernels },
    {
      heading: 'step reached',
      align: 'right',
      value: (row) => (row.step === null ? 'not reached' : String(row.step)),
    },
    {
      heading: 'seconds to reach',
      align: 'right',
      value: (row) => (row.seconds === null ? '-' : row.seconds.toFixed(1)),
    },
    { heading: 'steps', align: 'right', value: (row) => String(row.totalSteps) },
    { heading: 'training s', align: 'right', value: (row) => row.trainingSeconds.toFixed(1) },
    {
      heading: 'final success',
      align: 'right',
      value: (row) => `${row.finalSuccessRate.toFixed(3)} of ${row.finalTrials} trials`,
    },
  ];
  const table = formatTable(columns, report.models);
  return [...header, table].join('\n');
}
