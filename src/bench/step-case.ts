/**
 * One training-step configuration to time. The default sizes are those of a NeuroGym
 * MotorTiming-v0 training run: 4 inputs (fixation, two interval cues, set), 2 outputs (fixate,
 * go), hidden 81, batch 16 and sequences of 100 steps.
 */

/** The cells whose step is timed against PyTorch's nn.RNN, nn.LSTM and nn.GRU. */
export type BenchCell = 'rnn' | 'lstm' | 'gru';

export const BENCH_CELLS: readonly BenchCell[] = ['rnn', 'lstm', 'gru'];

export interface StepCase {
  readonly cell: BenchCell;
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
}

export const DEFAULT_STEP_SIZES: Omit<StepCase, 'cell'> = {
  batchSize: 16,
  sequenceLength: 100,
  inputSize: 4,
  hiddenSize: 81,
  outputSize: 2,
};
