/**
 * One trial of a task: its periods in steps, the observation the network receives at each step,
 * the ground truth it is trained towards, a per-step loss mask and the trial's condition.
 *
 * `TrialBuilder` constructs a trial with the same short run of declarative calls as NeuroGym's
 * `TrialEnv` (`add_period`, `add_ob`, `set_ob`, `add_randn`, `set_groundtruth`).
 */
import type { Random } from '../engine/random.js';
import { durationToSteps } from './timing.js';

/** Whether the ground truth is a class index per step or a value vector per step. */
export type TaskKind = 'classification' | 'regression';

/** The variables that define a trial, for example `{ intervalMs: 800 }`. */
export type Condition = Readonly<Record<string, number>>;

/** A named stretch of a trial, covering steps [startStep, endStep). */
export interface Period {
  readonly name: string;
  readonly startStep: number;
  readonly endStep: number;
}

/**
 * One trial. Arrays are row-major: `inputs` is (lengthSteps, inputSize); `groundTruth` is
 * (lengthSteps) class indices for classification or (lengthSteps, outputSize) values for
 * regression; `mask` is (lengthSteps), 1 where the step counts in the loss and 0 where not.
 */
export interface Trial {
  readonly taskName: string;
  readonly kind: TaskKind;
  readonly dtMs: number;
  readonly lengthSteps: number;
  readonly inputSize: number;
  /** Number of actions (classification) or of output values (regression). */
  readonly outputSize: number;
  readonly periods: readonly Period[];
  readonly condition: Condition;
  readonly inputs: Float32Array;
  readonly groundTruth: Float32Array;
  readonly mask: Float32Array;
}

/** Returns the named period of a trial, or throws when the trial has no such period. */
export function findPeriod(trial: Trial, name: string): Period {
  const period = trial.periods.find((candidate) => candidate.name === name);
  if (period === undefined) {
    const names = trial.periods.map((candidate) => candidate.name).join(', ');
    throw new Error(`Trial of ${trial.taskName} has no period "${name}"; periods: ${names}`);
  }
  return period;
}

/** Returns whether `step` lies in the named period, `startStep <= step < endStep`. */
export function inPeriod(trial: Trial, name: string, step: number): boolean {
  const period = findPeriod(trial, name);
  return step >= period.startStep && step < period.endStep;
}

/** Returns the duration of the named period in ms (its step count times dt). */
export function periodDurationMs(trial: Trial, name: string): number {
  const period = findPeriod(trial, name);
  return (period.endStep - period.startStep) * trial.dtMs;
}

/** Placement of a new period: after a named period, or else after the last period added. */
export interface PeriodPlacement {
  readonly after?: string;
  /** Smallest number of steps, applied after rounding the duration down to steps. */
  readonly minSteps?: number;
}

/** Builds a trial step by step; durations are rounded down to whole steps, as NeuroGym does. */
export class TrialBuilder {
  private readonly periods: Period[] = [];
  private inputs: Float32Array | null = null;
  private groundTruth: Float32Array | null = null;
  private mask: Float32Array | null = null;

  constructor(
    private readonly taskName: string,
    private readonly kind: TaskKind,
    private readonly dtMs: number,
    private readonly inputNames: readonly string[],
    private readonly outputSize: number,
  ) {}

  /**
   * Appends a period of `durationMs`, which lasts `floor(durationMs / dtMs)` steps (at least
   * `minSteps`). It starts where the last added period ends, or at the end of `after`.
   */
  addPeriod(name: string, durationMs: number, placement: PeriodPlacement = {}): this {
    if (this.inputs !== null || this.groundTruth !== null || this.mask !== null) {
      throw new Error(`Cannot add period "${name}" after the trial's arrays were written`);
    }
    if (this.periods.some((period) => period.name === name)) {
      throw new Error(`Period "${name}" was already added`);
    }
    let startStep = 0;
    if (placement.after !== undefined) {
      startStep = this.period(placement.after).endStep;
    } else if (this.periods.length > 0) {
      startStep = (this.periods[this.periods.length - 1] as Period).endStep;
    }
    const steps = Math.max(durationToSteps(durationMs, this.dtMs), placement.minSteps ?? 0);
    this.periods.push({ name, startStep, endStep: startStep + steps });
    return this;
  }

  /** Returns an added period. */
  period(name: string): Period {
    const period = this.periods.find((candidate) => candidate.name === name);
    if (period === undefined) throw new Error(`Period "${name}" has not been added`);
    return period;
  }

  /** Number of steps of the trial: the latest end of any period. */
  get lengthSteps(): number {
    return this.periods.reduce((length, period) => Math.max(length, period.endStep), 0);
  }

  /** Sets an input channel to `value` in the given periods (all steps when none are given). */
  setInput(channel: string, value: number, periods?: string | readonly string[]): this {
    return this.writeInput(channel, periods, () => value);
  }

  /** Adds Gaussian noise of standard deviation `sigma` to an input channel in the periods. */
  addInputNoise(
    channel: string,
    sigma: number,
    random: Random,
    periods?: string | readonly string[],
  ): this {
    return this.writeInput(channel, periods, (current) => current + sigma * random.normal());
  }

  /** Adds `value` to an input channel in the given periods. */
  addInput(channel: string, value: number, periods?: string | readonly string[]): this {
    return this.writeInput(channel, periods, (current) => current + value);
  }

  /** Sets the ground-truth class (classification) in the given periods. */
  setGroundTruth(classIndex: number, periods?: string | readonly string[]): this {
    this.requireKind('classification');
    const groundTruth = this.groundTruthArray();
    for (const step of this.steps(periods)) groundTruth[step] = classIndex;
    return this;
  }

  /** Sets the ground-truth class at one step of the trial. */
  setGroundTruthAt(step: number, classIndex: number): this {
    this.requireKind('classification');
    this.checkStep(step);
    this.groundTruthArray()[step] = classIndex;
    return this;
  }

  /** Sets regression target `output` at one step of the trial. */
  setTargetAt(step: number, output: number, value: number): this {
    this.requireKind('regression');
    this.checkStep(step);
    this.groundTruthArray()[step * this.outputSize + output] = value;
    return this;
  }

  /** Sets the loss mask (1 counts, 0 ignored) in the given periods; it starts at 1 everywhere. */
  setMask(value: number, periods?: string | readonly string[]): this {
    const mask = this.maskArray();
    for (const step of this.steps(periods)) mask[step] = value;
    return this;
  }

  /** Sets the loss mask at one step. */
  setMaskAt(step: number, value: number): this {
    this.checkStep(step);
    this.maskArray()[step] = value;
    return this;
  }

  /** Finishes the trial. */
  build(condition: Condition): Trial {
    return {
      taskName: this.taskName,
      kind: this.kind,
      dtMs: this.dtMs,
      lengthSteps: this.lengthSteps,
      inputSize: this.inputNames.length,
      outputSize: this.outputSize,
      periods: this.periods.map((period) => ({ ...period })),
      condition: { ...condition },
      inputs: this.inputArray(),
      groundTruth: this.groundTruthArray(),
      mask: this.maskArray(),
    };
  }

  private writeInput(
    channel: string,
    periods: string | readonly string[] | undefined,
    update: (current: number) => number,
  ): this {
    const index = this.inputNames.indexOf(channel);
    if (index < 0) {
      throw new Error(
        `Unknown input channel "${channel}"; channels: ${this.inputNames.join(', ')}`,
      );
    }
    const inputs = this.inputArray();
    const size = this.inputNames.length;
    for (const step of this.steps(periods)) {
      const offset = step * size + index;
      inputs[offset] = update(inputs[offset] as number);
    }
    return this;
  }

  private steps(periods: string | readonly string[] | undefined): number[] {
    if (periods === undefined) return Array.from({ length: this.lengthSteps }, (_, step) => step);
    const names = typeof periods === 'string' ? [periods] : periods;
    const steps: number[] = [];
    for (const name of names) {
      const period = this.period(name);
      for (let step = period.startStep; step < period.endStep; step++) steps.push(step);
    }
    return steps;
  }

  private checkStep(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step >= this.lengthSteps) {
      throw new RangeError(`Step ${step} is outside the trial (0 to ${this.lengthSteps - 1})`);
    }
  }

  private requireKind(kind: TaskKind): void {
    if (this.kind !== kind) {
      throw new Error(`${this.taskName} is a ${this.kind} task, not ${kind}`);
    }
  }

  private inputArray(): Float32Array {
    this.inputs ??= new Float32Array(this.lengthSteps * this.inputNames.length);
    return this.inputs;
  }

  private groundTruthArray(): Float32Array {
    const width = this.kind === 'classification' ? 1 : this.outputSize;
    this.groundTruth ??= new Float32Array(this.lengthSteps * width);
    return this.groundTruth;
  }

  private maskArray(): Float32Array {
    this.mask ??= new Float32Array(this.lengthSteps).fill(1);
    return this.mask;
  }
}
