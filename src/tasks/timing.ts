/**
 * Period durations: the distributions a task's timing table draws from, and the rounding of a
 * drawn duration to whole time steps.
 *
 * The four distributions are those of NeuroGym 2.2 (`TrialEnv.sample_time` in
 * `neurogym/core.py`, `TruncExp` in `neurogym/utils/ngym_random.py`): a fixed value, a uniform
 * draw, a choice among values and a truncated exponential. As in NeuroGym, a drawn duration `t`
 * is rounded down to a whole number of steps, `(t // dt) * dt`.
 */
import type { Random } from '../engine/random.js';

/** A period duration in ms, or the distribution it is drawn from on each trial. */
export type Duration =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly lowMs: number; readonly highMs: number }
  | { readonly kind: 'choice'; readonly valuesMs: readonly number[] }
  | {
      readonly kind: 'truncatedExponential';
      readonly meanMs: number;
      readonly minMs: number;
      readonly maxMs: number;
    };

/** A timing table: one duration per period name, in the order the periods occur. */
export type TimingTable = Readonly<Record<string, Duration>>;

/** Returns a duration of exactly `ms` milliseconds. */
export function fixed(ms: number): Duration {
  return { kind: 'fixed', ms };
}

/** Returns a duration drawn uniformly from [lowMs, highMs) on each trial. */
export function uniform(lowMs: number, highMs: number): Duration {
  return { kind: 'uniform', lowMs, highMs };
}

/** Returns a duration drawn with equal probability from `valuesMs` on each trial. */
export function choice(valuesMs: readonly number[]): Duration {
  return { kind: 'choice', valuesMs: [...valuesMs] };
}

/**
 * Returns a duration drawn from an exponential distribution of mean `meanMs`, redrawn until it
 * falls in [minMs, maxMs). When minMs >= maxMs the duration is maxMs, as in NeuroGym's `TruncExp`.
 */
export function truncatedExponential(meanMs: number, minMs: number, maxMs: number): Duration {
  return { kind: 'truncatedExponential', meanMs, minMs, maxMs };
}

/** Draws one duration in ms, before rounding to steps. */
export function sampleDurationMs(duration: Duration, random: Random): number {
  switch (duration.kind) {
    case 'fixed':
      return duration.ms;
    case 'uniform':
      return random.uniformIn(duration.lowMs, duration.highMs);
    case 'choice':
      return random.choice(duration.valuesMs);
    case 'truncatedExponential': {
      if (duration.minMs >= duration.maxMs) return duration.maxMs;
      for (;;) {
        const ms = random.exponential(duration.meanMs);
        if (ms >= duration.minMs && ms < duration.maxMs) return ms;
      }
    }
  }
}

/**
 * Returns the number of whole steps in `ms`, `floor(ms / dtMs)`, computed so that
 * `steps * dtMs <= ms < (steps + 1) * dtMs` is true in floating point too (Python's `//`).
 */
export function durationToSteps(ms: number, dtMs: number): number {
  let steps = Math.floor(ms / dtMs);
  if (steps * dtMs > ms) steps -= 1;
  if ((steps + 1) * dtMs <= ms) steps += 1;
  return steps;
}

/** Rounds a duration down to a whole number of steps, `(ms // dtMs) * dtMs`, in ms. */
export function roundDownToStep(ms: number, dtMs: number): number {
  return durationToSteps(ms, dtMs) * dtMs;
}

/** Draws one duration and returns it in whole steps. */
export function sampleDurationSteps(duration: Duration, random: Random, dtMs: number): number {
  return durationToSteps(sampleDurationMs(duration, random), dtMs);
}

/** Returns the smallest and largest value a duration can take, in ms, before rounding. */
export function durationBoundsMs(duration: Duration): { minMs: number; maxMs: number } {
  switch (duration.kind) {
    case 'fixed':
      return { minMs: duration.ms, maxMs: duration.ms };
    case 'uniform':
      return { minMs: duration.lowMs, maxMs: duration.highMs };
    case 'choice':
      return { minMs: Math.min(...duration.valuesMs), maxMs: Math.max(...duration.valuesMs) };
    case 'truncatedExponential':
      if (duration.minMs >= duration.maxMs) {
        return { minMs: duration.maxMs, maxMs: duration.maxMs };
      }
      return { minMs: duration.minMs, maxMs: duration.maxMs };
  }
}

/** Returns whether `ms` is a value the duration can take (before rounding to steps). */
export function durationAllows(duration: Duration, ms: number): boolean {
  if (duration.kind === 'choice') return duration.valuesMs.includes(ms);
  const { minMs, maxMs } = durationBoundsMs(duration);
  return ms >= minMs && ms <= maxMs;
}

/** Describes a duration the way a methods section would, for example "uniform(1000, 3000) ms". */
export function describeDuration(duration: Duration): string {
  switch (duration.kind) {
    case 'fixed':
      return `${duration.ms} ms`;
    case 'uniform':
      return `uniform(${duration.lowMs}, ${duration.highMs}) ms`;
    case 'choice':
      return `choice(${duration.valuesMs.join(', ')}) ms`;
    case 'truncatedExponential':
      return (
        `truncated exponential(mean ${duration.meanMs}, ` +
        `min ${duration.minMs}, max ${duration.maxMs}) ms`
      );
  }
}

/**
 * Parses a duration written as in an experiment file: a number of ms, `{ uniform: [low, high] }`,
 * `{ choice: [a, b, ...] }` or `{ truncatedExponential: [mean, min, max] }`.
 * Throws an Error naming `name` when the value is malformed or negative.
 */
export function parseDuration(value: unknown, name: string): Duration {
  if (typeof value === 'number') return fixed(checkMs(value, name));

  const forms =
    'a number of ms, { uniform: [low, high] }, { choice: [ms, ...] } or ' +
    '{ truncatedExponential: [mean, min, max] }';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`Invalid duration "${name}": expected ${forms}, got ${JSON.stringify(value)}`);
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    throw new Error(`Invalid duration "${name}": expected ${forms}, got ${JSON.stringify(value)}`);
  }
  const key = keys[0] as string;
  const args = (value as Record<string, unknown>)[key];
  const numbers = (count: number | null): number[] => {
    if (!Array.isArray(args) || (count !== null && args.length !== count) || args.length === 0) {
      const expected = count === null ? 'a non-empty list' : `a list of ${count} numbers`;
      throw new Error(
        `Invalid duration "${name}.${key}": expected ${expected}, got ${JSON.stringify(args)}`,
      );
    }
    return args.map((item, index) => checkMs(item, `${name}.${key}[${index}]`));
  };

  switch (key) {
    case 'uniform': {
      const [lowMs, highMs] = numbers(2) as [number, number];
      if (lowMs > highMs) {
        throw new Error(
          `Invalid duration "${name}.uniform": low ${lowMs} ms is above high ${highMs} ms`,
        );
      }
      return uniform(lowMs, highMs);
    }
    case 'choice':
      return choice(numbers(null));
    case 'truncatedExponential': {
      const [meanMs, minMs, maxMs] = numbers(3) as [number, number, number];
      if (meanMs <= 0) {
        throw new Error(
          `Invalid duration "${name}.truncatedExponential": ` +
            `the mean must be positive, got ${meanMs}`,
        );
      }
      return truncatedExponential(meanMs, minMs, maxMs);
    }
    default:
      throw new Error(
        `Invalid duration "${name}": unknown distribution "${key}"; ` +
          'allowed: uniform, choice, truncatedExponential',
      );
  }
}

function checkMs(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Invalid duration "${name}": expected a finite number of ms, got ${value}`);
  }
  if (value < 0) {
    throw new Error(`Invalid duration "${name}": durations must not be negative, got ${value} ms`);
  }
  return value;
}
