/**
 * Initial states for the fixed-point search, drawn from the states a network visits.
 */
import type { Random } from '../engine/random.js';
import { validateTrajectories, type ConditionAveragedTrajectories } from './types.js';

/**
 * Draws `count` states uniformly, with replacement, from every time point of every condition,
 * and adds independent Gaussian noise of standard deviation `noiseStd` to each coordinate.
 * Starting from visited states, as Sussillo and Barak (2013) do, keeps the search in the part of
 * state space that the network uses. For an LSTM, whose map acts on [h; c], the trajectories
 * must hold both h and c.
 */
export function sampleStatesAlongTrajectories(
  trajectories: ConditionAveragedTrajectories,
  count: number,
  random: Random,
  noiseStd = 0,
): Float64Array[] {
  validateTrajectories(trajectories);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`Invalid number of initial states ${count}: expected a positive integer`);
  }
  if (!(noiseStd >= 0)) throw new Error(`Invalid noise standard deviation ${noiseStd}`);
  const { conditions, N } = trajectories;
  const total = conditions.reduce((sum, condition) => sum + condition.T, 0);
  if (total === 0) throw new Error('Trajectories have no time points to sample');

  const samples: Float64Array[] = [];
  for (let s = 0; s < count; s++) {
    // Find the condition and time step of the drawn sample among all time points.
    let index = random.integer(total);
    let c = 0;
    while (index >= conditions[c].T) {
      index -= conditions[c].T;
      c += 1;
    }
    const state = conditions[c].states.slice(index * N, (index + 1) * N);
    if (noiseStd > 0) {
      for (let n = 0; n < N; n++) state[n] += noiseStd * random.normal();
    }
    samples.push(state);
  }
  return samples;
}
