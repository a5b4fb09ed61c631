/**
 * A synthetic experiment report for tests: a vanilla RNN, an LSTM and a GRU with random
 * PyTorch-initialised weights, simulated on MotorTiming trials (dt 100 ms, targets 800 and
 * 1500 ms), with made-up training curves and evaluation outcomes. The LSTM and GRU time well
 * and the RNN never goes, as in the measured case where last-step accuracy was 1.0 for all.
 */
import type { CellType, ModelConfig } from '../../src/experiment/config.js';
import { Random } from '../../src/engine/random.js';
import type {
  ExampleTrial,
  ModelReport,
  ReportInput,
  ReportParameter,
  TrialOutcome,
} from '../../src/report/types.js';

const dtMs = 100;
const targets = [800, 1500];
const inputSize = 4;
const outputSize = 2;
const gateCount: Record<CellType, number> = { rnn: 1, 'rnn-relu': 1, lstm: 4, gru: 3, leaky: 1 };

/** Options of `fixtureReport`. */
export interface FixtureOptions {
  hiddenSize?: number;
  steps?: number;
  trials?: number;
  cells?: CellType[];
  seed?: number;
}

/** Builds a complete report input from synthetic models. */
export function fixtureReport(options: FixtureOptions = {}): ReportInput {
  const hiddenSize = options.hiddenSize ?? 8;
  const cells = options.cells ?? ['rnn', 'lstm', 'gru'];
  const random = new Random(options.seed ?? 7);
  const models = cells.map((cell) =>
    fixtureModel(cell, hiddenSize, options.steps ?? 120, options.trials ?? 60, random.fork()),
  );
  return {
    title: 'Motor timing: RNN, LSTM and GRU',
    task: {
      name: 'MotorTiming',
      description: 'Produce the cued interval (800 or 1500 ms) after the set cue.',
      kind: 'classification',
      dtMs,
      conditions: { targetMs: targets },
    },
    createdAt: '2026-12-04T10:00:00.000Z',
    command: 'rnnlab run examples/motor-timing.yaml',
    versions: { rnnlab: '0.1.0', node: '20.20.2' },
    configText: 'name: motor-timing\nseed: 1\ntask:\n  name: MotorTiming\n  dtMs: 100\n',
    models,
  };
}

function fixtureModel(
  cell: CellType,
  H: number,
  steps: number,
  trials: number,
  random: Random,
): ModelReport {
  const stateDict = pytorchStateDict(cell, H, random);
  const times = cell !== 'rnn';
  const lossCurve = Array.from({ length: steps }, (_, step) => ({
    step,
    loss: (0.05 + 0.6 * Math.exp(-step / (times ? 30 : 80))) * (1 + 0.3 * random.normal() ** 2),
  }));
  const learningSteps = cell === 'lstm' ? 60 : 90;
  const evaluationCurve = [0, 20, 40, 60, 80, steps - 1].map((step) => ({
    step,
    successRate: times ? Math.min(1, step / learningSteps) : 0,
  }));

  const outcomes: TrialOutcome[] = Array.from({ length: trials }, () => {
    const targetMs = random.choice(targets);
    const producedMs = times ? Math.round(targetMs * (1 + 0.08 * random.normal())) : null;
    return { targetMs, producedMs, ...score(targetMs, producedMs) };
  });
  const successRate = outcomes.filter((o) => o.success).length / trials;
  const meanReward = outcomes.reduce((sum, o) => sum + o.reward, 0) / trials;
  const producedIntervals = targets.map((targetMs) => {
    const produced = outcomes
      .filter((o) => o.targetMs === targetMs && o.producedMs !== null)
      .map((o) => o.producedMs as number);
    const n = outcomes.filter((o) => o.targetMs === targetMs).length;
    if (produced.length === 0) {
      return { targetMs, n, meanMs: null, stdMs: null, producedCount: 0 };
    }
    const meanMs = produced.reduce((a, b) => a + b, 0) / produced.length;
    const variance = produced.reduce((a, b) => a + (b - meanMs) ** 2, 0) / produced.length;
    return { targetMs, n, meanMs, stdMs: Math.sqrt(variance), producedCount: produced.length };
  });

  const config: ModelConfig = {
    name: cell,
    cell,
    hiddenSize: H,
    seed: 1,
    leaky: null,
    task: { name: 'MotorTiming', dtMs, options: {} },
    training: {
      steps,
      batchSize: 16,
      seqLen: 100,
      optimizer: { name: 'adam', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
      evaluateEvery: 40,
      evaluationTrials: 100,
    } as ModelConfig['training'],
    evaluation: { trials, seed: 1000003 },
  };

  return {
    name: cell,
    cell,
    hiddenSize: H,
    config,
    trainingSeconds: times ? 42.5 : 12.25,
    steps,
    lossCurve,
    evaluationCurve,
    evaluation: {
      trials,
      successRate,
      meanReward,
      lastStepAccuracy: 1,
      stepAccuracy: times ? 0.998 : 0.979,
      baselines: {
        alwaysFixate: { successRate: 0, meanReward: 0, lastStepAccuracy: 1, stepAccuracy: 0.979 },
      },
      producedIntervals,
      outcomes,
    },
    stateDict,
    exampleTrials: targets.map((targetMs) => exampleTrial(cell, H, stateDict, targetMs, times)),
  };
}

/** Scores a trial by the MotorTiming reward rule: success when |t_p - T| <= 0.2 T + 25 ms. */
function score(targetMs: number, producedMs: number | null): { success: boolean; reward: number } {
  if (producedMs === null) return { success: false, reward: 0 };
  const threshold = 0.2 * targetMs + 25;
  const error = Math.abs(producedMs - targetMs);
  if (error > threshold) return { success: false, reward: 0 };
  return { success: true, reward: Math.max((1 - error / threshold) ** 1.5, 0.1) };
}

/** Parameters with PyTorch's names and shapes, uniform in (-1/sqrt(H), 1/sqrt(H)). */
function pytorchStateDict(
  cell: CellType,
  H: number,
  random: Random,
): Record<string, ReportParameter> {
  const G = gateCount[cell];
  const bound = 1 / Math.sqrt(H);
  const parameter = (shape: number[]): ReportParameter => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    random.fillUniform(data, -bound, bound);
    return { shape, data };
  };
  return {
    'rnn.weight_ih_l0': parameter([G * H, inputSize]),
    'rnn.weight_hh_l0': parameter([G * H, H]),
    'rnn.bias_ih_l0': parameter([G * H]),
    'rnn.bias_hh_l0': parameter([G * H]),
    'fc.weight': parameter([outputSize, H]),
    'fc.bias': parameter([outputSize]),
  };
}

/**
 * Runs the cell's PyTorch equations on one MotorTiming trial: fixation 500 ms, cue 1000 ms,
 * set rounded to zero steps at dt 100 ms, production 2 T.
 */
function exampleTrial(
  cell: CellType,
  H: number,
  stateDict: Record<string, ReportParameter>,
  targetMs: number,
  goes: boolean,
): ExampleTrial {
  const fixation = 500 / dtMs;
  const cue = 1000 / dtMs;
  const production = (2 * targetMs) / dtMs;
  const T = fixation + cue + production;
  const periods = [
    { name: 'fixation', startStep: 0, endStep: fixation },
    { name: 'cue', startStep: fixation, endStep: fixation + cue },
    { name: 'set', startStep: fixation + cue, endStep: fixation + cue },
    { name: 'production', startStep: fixation + cue, endStep: T },
  ];
  const w = (name: string): Float32Array => stateDict[name].data;
  const G = gateCount[cell];
  const hidden = new Float32Array(T * H);
  const outputs = new Float32Array(T * outputSize);
  let h = new Float64Array(H);
  let c = new Float64Array(H);
  for (let t = 0; t < T; t++) {
    const x = [t < fixation + cue ? 1 : 0, 0, 0, 0];
    if (t >= fixation && t < fixation + cue) x[targetMs === targets[0] ? 1 : 2] = 1;
    const pre = (row: number, withRecurrentBias = true, withRecurrent = true): number => {
      let sum = w('rnn.bias_ih_l0')[row];
      for (let j = 0; j < inputSize; j++) sum += w('rnn.weight_ih_l0')[row * inputSize + j] * x[j];
      if (withRecurrentBias) sum += w('rnn.bias_hh_l0')[row];
      if (withRecurrent) sum += recurrent(row);
      return sum;
    };
    const recurrent = (row: number): number => {
      let sum = 0;
      for (let j = 0; j < H; j++) sum += w('rnn.weight_hh_l0')[row * H + j] * h[j];
      return sum;
    };
    const next = new Float64Array(H);
    const nextC = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      if (G === 1) {
        next[i] = Math.tanh(pre(i));
      } else if (cell === 'lstm') {
        const gi = sigmoid(pre(i));
        const gf = sigmoid(pre(H + i));
        const gg = Math.tanh(pre(2 * H + i));
        const go = sigmoid(pre(3 * H + i));
        nextC[i] = gf * c[i] + gi * gg;
        next[i] = go * Math.tanh(nextC[i]);
      } else {
        const r = sigmoid(pre(i));
        const z = sigmoid(pre(H + i));
        const hn = w('rnn.bias_hh_l0')[2 * H + i] + recurrent(2 * H + i);
        const n = Math.tanh(pre(2 * H + i, false, false) + r * hn);
        next[i] = (1 - z) * n + z * h[i];
      }
    }
    h = next;
    c = nextC;
    hidden.set(h, t * H);
    for (let k = 0; k < outputSize; k++) {
      let sum = w('fc.bias')[k];
      for (let j = 0; j < H; j++) sum += w('fc.weight')[k * H + j] * h[j];
      outputs[t * outputSize + k] = sum;
    }
  }
  const goStep = goes ? fixation + cue + targetMs / dtMs : null;
  return {
    targetMs,
    dtMs,
    seqLen: T,
    hiddenSize: H,
    hidden,
    outputs,
    outputSize,
    outputNames: ['fixate', 'go'],
    periods,
    goStep,
  };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
