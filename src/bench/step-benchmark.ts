/**
 * The training-step benchmark. It measures the wall-clock time of one step for each cell: the
 * forward pass, cross-entropy over every time step, backpropagation through time and one Adam
 * update. When a Python with PyTorch is found, the same step runs in PyTorch with one thread
 * on the same machine.
 *
 * The functions here time one `StepCase` at a time, so that sweeps over hidden size, sequence
 * length or batch size can call them with their own cases and tables.
 */
import { createKernels, type KernelImplementation } from '../engine/kernels/select.js';
import { crossEntropyLoss } from '../engine/loss.js';
import { describeMachine, peakResidentBytes, type MachineInfo } from './machine.js';
import {
  findPyTorch,
  timePyTorchStep,
  type PyTorchProbe,
  type PyTorchTiming,
} from './pytorch.js';
import type { BenchCell, StepCase } from './step-case.js';
import { stepBatch, stepNetwork } from './step-setup.js';
import { summarizeTimes, timeRepeated, type TimingOptions, type TimingSummary } from './timing.js';

export interface RnnlabTiming {
  /** The kernel implementation that ran, as `kernels.name` reports it. */
  readonly kernels: string;
  readonly timing: TimingSummary;
}

export interface StepResult {
  readonly stepCase: StepCase;
  readonly rnnlab: RnnlabTiming;
  /** PyTorch's timing of the same step; null when PyTorch was not found or not requested. */
  readonly pytorch: PyTorchTiming | null;
  /** rnnlab's median over PyTorch's median; null without a PyTorch timing. */
  readonly ratio: number | null;
}

export interface StepBenchmarkOptions {
  readonly sizes: Omit<StepCase, 'cell'>;
  readonly cells: readonly BenchCell[];
  readonly implementation: KernelImplementation;
  readonly timing: TimingOptions;
  /** Whether to look for PyTorch and time it too. */
  readonly comparePyTorch: boolean;
  /** Timed PyTorch steps per cell. */
  readonly pytorchRepeats: number;
  /** Called before each measurement, for progress messages. */
  readonly onProgress?: (message: string) => void;
}

export interface StepBenchmarkReport {
  readonly machine: MachineInfo;
  readonly sizes: Omit<StepCase, 'cell'>;
  /** The interpreter that was tried and what was found; null when PyTorch was not requested. */
  readonly pytorch: PyTorchProbe | null;
  readonly results: readonly StepResult[];
  /** Peak resident set size of this process over the whole run, PyTorch excluded, in bytes. */
  readonly peakResidentBytes: number;
}

/**
 * Times one rnnlab training step for `stepCase` on fresh kernels of `implementation`. The
 * batch is fixed: standard normal inputs and uniform random class targets, no mask.
 */
export async function timeRnnlabStep(
  stepCase: StepCase,
  implementation: KernelImplementation,
  timing: TimingOptions,
): Promise<RnnlabTiming> {
  const kernels = await createKernels({ dtype: 'float32', implementation });
  const { network, optimizer } = stepNetwork(stepCase, kernels);
  const batch = stepBatch(stepCase);

  const times = timeRepeated(() => {
    network.lossAndGradients(batch, crossEntropyLoss);
    optimizer.step();
  }, timing);
  return { kernels: kernels.name, timing: summarizeTimes(times) };
}

/** Runs the step benchmark for every cell of `options` and collects the report. */
export async function runStepBenchmark(
  options: StepBenchmarkOptions,
): Promise<StepBenchmarkReport> {
  const progress = options.onProgress ?? (() => {});
  const probe = options.comparePyTorch ? findPyTorch() : null;

  const results: StepResult[] = [];
  for (const cell of options.cells) {
    const stepCase: StepCase = { cell, ...options.sizes };
    progress(`timing rnnlab ${cell}`);
    const rnnlab = await timeRnnlabStep(stepCase, options.implementation, options.timing);
    let pytorch: PyTorchTiming | null = null;
    if (probe?.found) {
      progress(`timing PyTorch ${cell}`);
      const { warmup } = options.timing;
      pytorch = timePyTorchStep(probe.python, stepCase, warmup, options.pytorchRepeats);
    }
    const ratio = pytorch ? rnnlab.timing.medianMs / pytorch.timing.medianMs : null;
    results.push({ stepCase, rnnlab, pytorch, ratio });
  }

  return {
    machine: describeMachine(),
    sizes: options.sizes,
    pytorch: probe,
    results,
    peakResidentBytes: peakResidentBytes(),
  };
}
