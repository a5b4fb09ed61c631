/**
 * Linear interpolation of sampled trajectories at arbitrary times.
 */
import type { ConditionTrajectory } from './types.js';

/**
 * Returns unit `unit` of a condition at each time of `timesMs` (ms after set), by linear
 * interpolation between the samples at t = i dtMs. Throws when a time lies outside the
 * sampled range [0, (T - 1) dtMs], beyond a rounding tolerance.
 */
export function resampleUnit(
  condition: ConditionTrajectory,
  N: number,
  unit: number,
  timesMs: ArrayLike<number>,
): Float64Array {
  const { states, T, dtMs } = condition;
  const lastMs = (T - 1) * dtMs;
  const out = new Float64Array(timesMs.length);
  for (let i = 0; i < timesMs.length; i++) {
    const t = timesMs[i];
    if (t < -1e-9 * dtMs || t > lastMs + 1e-9 * dtMs) {
      throw new Error(
        `Time ${t} ms lies outside condition '${condition.label}', sampled from 0 to ${lastMs} ms`,
      );
    }
    const position = Math.min(Math.max(t / dtMs, 0), T - 1);
    const below = Math.min(Math.floor(position), T - 2);
    if (below < 0) {
      out[i] = states[unit];
      continue;
    }
    const fraction = position - below;
    const a = states[below * N + unit];
    const b = states[(below + 1) * N + unit];
    out[i] = a + fraction * (b - a);
  }
  return out;
}

/** Returns `points` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, points: number): Float64Array {
  if (!Number.isInteger(points) || points < 2) {
    throw new Error(`Invalid number of grid points ${points}: expected an integer of at least 2`);
  }
  const out = new Float64Array(points);
  for (let i = 0; i < points; i++) out[i] = start + ((end - start) * i) / (points - 1);
  return out;
}
