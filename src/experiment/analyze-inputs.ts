/**
 * The constant inputs a task gives during its periods, read from its trials, for the
 * fixed-point search: each distinct input vector that stays the same over a whole period.
 */
import type { Trial } from '../tasks/index.js';

/** One distinct constant input and where the task uses it. */
export interface ConstantInput {
  /** Periods and, where the input depends on it, the intervals, e.g. `cue (800 ms)`. */
  label: string;
  input: Float64Array;
  periods: string[];
  intervalsMs: number[];
}

/** Largest difference between two steps of a period for its input to count as constant. */
const CONSTANT_TOLERANCE = 1e-6;

/**
 * Collects the constant input of every period of `trials` (one trial per interval), merging
 * equal vectors. A period whose input changes between steps (input noise, for example) is
 * left out. Inputs are returned in order of first use.
 */
export function constantInputs(trials: readonly Trial[]): ConstantInput[] {
  const found = new Map<string, ConstantInput>();
  const allIntervals = new Set<number>();
  for (const trial of trials) {
    const intervalMs = trial.condition.intervalMs as number;
    allIntervals.add(intervalMs);
    for (const period of trial.periods) {
      if (period.endStep <= period.startStep) continue;
      const input = periodInput(trial, period.startStep, period.endStep);
      if (input === null) continue;
      const key = Array.from(input, (value) => value.toPrecision(9)).join(',');
      let entry = found.get(key);
      if (entry === undefined) {
        entry = { label: '', input, periods: [], intervalsMs: [] };
        found.set(key, entry);
      }
      if (!entry.periods.includes(period.name)) entry.periods.push(period.name);
      if (!entry.intervalsMs.includes(intervalMs)) entry.intervalsMs.push(intervalMs);
    }
  }
  const inputs = [...found.values()];
  for (const entry of inputs) {
    entry.intervalsMs.sort((a, b) => a - b);
    const everyInterval = entry.intervalsMs.length === allIntervals.size;
    const where = everyInterval ? '' : ` (${entry.intervalsMs.join(', ')} ms)`;
    entry.label = `${entry.periods.join('/')}${where}`;
  }
  return inputs;
}

/** Returns the input over steps [start, end) when it is constant, otherwise null. */
function periodInput(trial: Trial, start: number, end: number): Float64Array | null {
  const I = trial.inputSize;
  const first = Float64Array.from(trial.inputs.subarray(start * I, (start + 1) * I));
  for (let t = start + 1; t < end; t++) {
    for (let i = 0; i < I; i++) {
      if (Math.abs(trial.inputs[t * I + i] - first[i]) > CONSTANT_TOLERANCE) return null;
    }
  }
  return first;
}
