/**
 * Synthetic populations with known timing structure, shared by the analysis tests.
 */
import { Random } from '../../src/engine/random.js';
import type { ConditionAveragedTrajectories } from '../../src/analysis/types.js';

/** Response profile of one unit: a baseline plus two Gaussian bumps, on a time variable s. */
interface Profile {
  baseline: number;
  bumps: { amplitude: number; centre: number; width: number }[];
}

function randomProfiles(random: Random, units: number, span: number): Profile[] {
  const profiles: Profile[] = [];
  for (let u = 0; u < units; u++) {
    profiles.push({
      baseline: random.uniformIn(-0.5, 0.5),
      bumps: [0, 1].map(() => ({
        amplitude: random.uniformIn(0.5, 1.5) * (random.uniform() < 0.5 ? -1 : 1),
        centre: random.uniformIn(0, span),
        width: random.uniformIn(0.08, 0.2) * span,
      })),
    });
  }
  return profiles;
}

function evaluate(profile: Profile, s: number): number {
  let value = profile.baseline;
  for (const bump of profile.bumps) {
    value += bump.amplitude * Math.exp(-((s - bump.centre) ** 2) / (2 * bump.width ** 2));
  }
  return value;
}

/** Options of the synthetic population. */
export interface PopulationOptions {
  intervalsMs: number[];
  units: number;
  dtMs: number;
  seed: number;
  /**
   * 'scaled': unit u responds f_u(t / T), the same profile stretched to each interval.
   * 'absolute': unit u responds f_u(t) whatever the interval, cut at T.
   */
  timing: 'scaled' | 'absolute';
}

/** Builds condition-averaged trajectories from set to go for each interval. */
export function syntheticPopulation(options: PopulationOptions): ConditionAveragedTrajectories {
  const { intervalsMs, units, dtMs, seed, timing } = options;
  const longestMs = Math.max(...intervalsMs);
  const random = new Random(seed);
  // Scaled profiles live on s = t / T in [0, 1]; absolute ones on t in [0, longest] ms.
  const profiles = randomProfiles(random, units, timing === 'scaled' ? 1 : longestMs);

  const conditions = intervalsMs.map((intervalMs) => {
    const T = Math.floor(intervalMs / dtMs) + 1;
    const states = new Float64Array(T * units);
    for (let k = 0; k < T; k++) {
      const t = k * dtMs;
      const s = timing === 'scaled' ? t / intervalMs : t;
      for (let u = 0; u < units; u++) states[k * units + u] = evaluate(profiles[u], s);
    }
    return { label: `${intervalMs} ms`, intervalMs, dtMs, states, T };
  });
  return { conditions, N: units };
}
