/**
 * The benchmark's scaling modes: `--sweep` (step time as one size grows), `--profile` (time per
 * kernel) and `--two-threads` (one thread against two), each returning its report and its text.
 */
import type { KernelImplementation } from '../engine/kernels/select.js';
import {
  formatProfile,
  formatSweep,
  formatThreadComparison,
  runScalingSweep,
  SWEEP_AXES,
  SWEEP_TIMING,
  type SweepAxis,
} from './scaling.js';
import { profileTrainingStep, type KernelProfile } from './scaling-profile.js';
import { compareThreads, type ThreadComparison } from './scaling-threads.js';
import type { BenchCell, StepCase } from './step-case.js';
import { DEFAULT_TIMING } from './timing.js';

/** Training steps timed per cell by `--profile`, after the warm-up. */
const PROFILED_STEPS = 20;

export interface ScalingModeOptions {
  readonly sizes: Omit<StepCase, 'cell'>;
  readonly cells: readonly BenchCell[];
  readonly kernels: KernelImplementation;
  readonly warmup: number;
  readonly minRepeats: number;
  readonly minTime: number;
  /** The axes to sweep, or true for all of them; absent for no sweep. */
  readonly sweep?: SweepAxis[] | true;
  readonly profile?: boolean;
  readonly twoThreads?: boolean;
  readonly onProgress: (message: string) => void;
}

/** Runs the scaling mode that `options` selects; returns null when none is selected. */
export async function runScalingMode(
  options: ScalingModeOptions,
): Promise<{ report: unknown; text: string } | null> {
  const { sizes, cells, kernels, onProgress } = options;
  if (options.sweep !== undefined) {
    const axes = options.sweep === true ? SWEEP_AXES : options.sweep;
    const points = await runScalingSweep({
      sizes,
      cells,
      axes,
      implementation: kernels,
      timing: SWEEP_TIMING,
      onProgress,
    });
    return { report: points, text: formatSweep(sizes, points) };
  }

  if (options.profile) {
    const profiles: { stepCase: StepCase; profile: KernelProfile }[] = [];
    for (const cell of cells) {
      onProgress(`profiling ${cell}`);
      const stepCase = { ...sizes, cell };
      const profile = await profileTrainingStep(stepCase, kernels, options.warmup, PROFILED_STEPS);
      profiles.push({ stepCase, profile });
    }
    const text = profiles
      .map(({ stepCase, profile }) => formatProfile(stepCase, profile))
      .join('\n\n');
    return { report: profiles, text };
  }

  if (options.twoThreads) {
    const timing = {
      ...DEFAULT_TIMING,
      warmup: options.warmup,
      minRepeats: options.minRepeats,
      maxRepeats: Math.max(DEFAULT_TIMING.maxRepeats, options.minRepeats),
      minTotalMs: options.minTime,
    };
    const comparisons: ThreadComparison[] = [];
    for (const cell of cells) {
      onProgress(`timing ${cell} on one and two threads`);
      comparisons.push(await compareThreads({ ...sizes, cell }, kernels, timing));
    }
    return { report: comparisons, text: formatThreadComparison(comparisons) };
  }
  return null;
}
