/**
 * Analyses of one trained network, without retraining: condition-averaged states per target
 * interval, PCA, the temporal scaling index, KiNeT, trajectory speed, timing behaviour on
 * fresh trials (with an interval sweep where the task accepts untrained intervals) and fixed
 * and slow points of each constant input the task uses.
 */
import {
  analyseIntervalSweep,
  analyseTimingBehaviour,
  cellMapFromNetwork,
  findFixedPoints,
  kinet,
  sampleStatesAlongTrajectories,
  temporalScalingIndex,
  trajectoriesInComponents,
  trajectoryPca,
  trajectorySpeed,
  type FixedPoint,
  type IntervalSweep,
  type KinetAnalysis,
  type ScalingAnalysis,
  type SpeedAnalysis,
  type StateDict,
  type TimingBehaviour,
  type TrajectoryPca,
  type TrialOutcome,
} from '../analysis/index.js';
import { Random, type RecurrentNetwork } from '../engine/index.js';
import { evaluateOutputs, trialAlignedBatch, type Task } from '../tasks/index.js';
import type { ModelConfig } from './config.js';
import { constantInputs, type ConstantInput } from './analyze-inputs.js';
import { intervalStates, type IntervalStates } from './analyze-states.js';

/** Settings of the analysis of one model; every one has a default. */
export interface ModelAnalysisOptions {
  /** Trials per interval averaged into each condition (50). */
  trialsPerInterval?: number;
  /** Fresh trials per target for the behaviour (100). */
  behaviourTrials?: number;
  /** Targets of the interval sweep, in ms; by default chosen by `sweepTargets`. */
  sweepIntervalsMs?: number[];
  /** Initial states of the fixed-point search, per constant input (8). */
  fixedPointStarts?: number;
  /** Maximum Adam iterations per start (2000). */
  fixedPointIterations?: number;
  /** Seed of the trials and of the initial states (20240601). */
  seed?: number;
  /** Receives a line before each slow step. */
  onProgress?: (line: string) => void;
}

/** Defaults of `ModelAnalysisOptions`, also shown by `rnnlab analyze --help`. */
export const ANALYSIS_DEFAULTS = {
  trialsPerInterval: 50,
  behaviourTrials: 100,
  fixedPointStarts: 8,
  fixedPointIterations: 2000,
  seed: 20240601,
} as const;

/** Components kept for KiNeT, the trajectories' coordinates in the top principal components. */
const KINET_COMPONENTS = 10;
/** Standard deviation of the noise added to each initial state of the fixed-point search. */
const START_NOISE_STD = 0.01;
/** Evenly spaced targets of a default interval sweep, besides the trained intervals. */
const SWEEP_POINTS = 9;

/** Fixed and slow points of one constant input. */
export interface InputFixedPoints {
  input: ConstantInput;
  points: FixedPoint[];
  /**
   * The same points with states in the readout space, for drawing on the PCA plane: the
   * leaky network's rates f(x*); for the other cells the points themselves.
   */
  readoutPoints: FixedPoint[];
  starts: number;
  /** Starts whose minimum had q above the slow-point limit. */
  discarded: number;
}

/** Behaviour on fresh trials: every target, with the sweep where there is one. */
export interface BehaviourAnalysis {
  behaviour: TimingBehaviour;
  /** Present when the task accepts intervals it was not trained on. */
  sweep: IntervalSweep | null;
  trainedIntervalsMs: number[];
  /** Mean |produced - target| / target per target, over trials with a response. */
  relativeErrors: { targetMs: number; trained: boolean; meanAbsoluteErrorMs: number }[];
}

/** Everything `analyseModel` computes for one model. */
export interface ModelAnalysis {
  name: string;
  cell: ModelConfig['cell'];
  hiddenSize: number;
  taskName: string;
  dtMs: number;
  intervalsMs: number[];
  states: IntervalStates;
  pca: TrajectoryPca;
  scaling: ScalingAnalysis;
  kinet: KinetAnalysis;
  speed: SpeedAnalysis;
  behaviour: BehaviourAnalysis;
  fixedPoints: InputFixedPoints[];
  /** The settings the analysis ran with. */
  settings: Required<Omit<ModelAnalysisOptions, 'onProgress' | 'sweepIntervalsMs'>> & {
    sweepIntervalsMs: number[];
  };
  seconds: number;
}

/** Returns the target intervals a task trains on, or throws for a task without them. */
export function trainedIntervals(task: Task): number[] {
  const intervals = (task as { intervalsMs?: readonly number[] }).intervalsMs;
  const hasVariable = task.conditionVariables.some((variable) => variable.name === 'intervalMs');
  if (intervals === undefined || intervals.length < 2 || !hasVariable) {
    throw new Error(
      `${task.metadata.name} has no target intervals to compare; rnnlab analyze needs a ` +
        'timing task trained on at least two intervals, such as MotorTiming or CueSetGo',
    );
  }
  return [...intervals].sort((a, b) => a - b);
}

/**
 * Returns the targets of the default interval sweep: the trained intervals and
 * `SWEEP_POINTS` evenly spaced targets across the range the task accepts, rounded to 10 ms.
 * Returns an empty list for a task that accepts only its trained intervals.
 */
export function sweepTargets(task: Task, trained: readonly number[]): number[] {
  const variable = task.conditionVariables.find((candidate) => candidate.name === 'intervalMs');
  if (variable === undefined) return [];
  const low = trained[0];
  const high = trained[trained.length - 1];
  const targets = new Set(trained);
  for (let k = 0; k < SWEEP_POINTS; k++) {
    const target = Math.round((low + ((high - low) * k) / (SWEEP_POINTS - 1)) / 10) * 10;
    if (variable.accepts(target)) targets.add(target);
  }
  if (targets.size === trained.length) return [];
  return [...targets].sort((a, b) => a - b);
}

/** Analyses one trained network on its task; see the file's doc comment. */
export function analyseModel(
  name: string,
  model: ModelConfig,
  network: RecurrentNetwork,
  task: Task,
  options: ModelAnalysisOptions = {},
): ModelAnalysis {
  const started = performance.now();
  const trialsPerInterval = options.trialsPerInterval ?? ANALYSIS_DEFAULTS.trialsPerInterval;
  const behaviourTrials = options.behaviourTrials ?? ANALYSIS_DEFAULTS.behaviourTrials;
  const fixedPointStarts = options.fixedPointStarts ?? ANALYSIS_DEFAULTS.fixedPointStarts;
  const fixedPointIterations =
    options.fixedPointIterations ?? ANALYSIS_DEFAULTS.fixedPointIterations;
  const seed = options.seed ?? ANALYSIS_DEFAULTS.seed;
  const progress = options.onProgress ?? (() => {});

  const intervalsMs = trainedIntervals(task);
  const sweepIntervalsMs = options.sweepIntervalsMs ?? sweepTargets(task, intervalsMs);
  for (const target of sweepIntervalsMs) checkTarget(task, target);

  progress(`${name}: states of ${trialsPerInterval} trials per interval`);
  const states = intervalStates(network, task, intervalsMs, trialsPerInterval, seed);
  const pca = trajectoryPca(states.readout, 3);
  const scaling = temporalScalingIndex(states.readout);
  const components = Math.min(KINET_COMPONENTS, states.readout.N);
  const kinetAnalysis = kinet(trajectoriesInComponents(states.readout, pca, components));
  const speed = trajectorySpeed(states.readout);

  progress(`${name}: behaviour on ${behaviourTrials} fresh trials per target`);
  const behaviour = analyseBehaviour(
    network,
    task,
    intervalsMs,
    sweepIntervalsMs,
    behaviourTrials,
    seed + 1,
  );

  const map = cellMapFromNetwork(network.stateDict() as StateDict, {
    cell: model.cell,
    leaky: network.config.leaky,
  });
  const inputs = constantInputs(states.exampleTrials);
  const random = new Random(seed + 2);
  const fixedPoints: InputFixedPoints[] = inputs.map((input, index) => {
    progress(
      `${name}: fixed points for input ${index + 1}/${inputs.length} (${input.label}), ` +
        `${fixedPointStarts} starts of at most ${fixedPointIterations} iterations`,
    );
    const starts = sampleStatesAlongTrajectories(
      states.wholeTrials,
      fixedPointStarts,
      random,
      START_NOISE_STD,
    );
    const search = findFixedPoints(map, [input.input], starts, {
      adamIterations: fixedPointIterations,
    });
    return {
      input,
      points: search.points,
      readoutPoints: search.points.map((point) => ({
        ...point,
        state: readoutState(network, point.state),
      })),
      starts: search.starts,
      discarded: search.discarded,
    };
  });

  return {
    name,
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    taskName: task.metadata.name,
    dtMs: task.dtMs,
    intervalsMs,
    states,
    pca,
    scaling,
    kinet: kinetAnalysis,
    speed,
    behaviour,
    fixedPoints,
    settings: {
      trialsPerInterval,
      behaviourTrials,
      fixedPointStarts,
      fixedPointIterations,
      seed,
      sweepIntervalsMs,
    },
    seconds: (performance.now() - started) / 1000,
  };
}

/** Returns the Weber fraction to quote: the variance fit's, or the mean SD / mean. */
export function quotedWeberFraction(behaviour: TimingBehaviour): number {
  const fit = behaviour.scalarVariability;
  if (fit !== null && Number.isFinite(fit.weberFraction)) return fit.weberFraction;
  return behaviour.meanWeberFraction;
}

/**
 * Returns a map-space state in the readout space: r = f(x) for the leaky network, whose map
 * acts on x; other states are returned as they are (the chart draws h of an LSTM's [h; c]).
 */
function readoutState(network: RecurrentNetwork, state: Float64Array): Float64Array {
  if (network.config.cell !== 'leaky') return state;
  const activation = network.config.leaky?.activation ?? 'relu';
  return state.map((x) => {
    switch (activation) {
      case 'relu':
        return Math.max(x, 0);
      case 'tanh':
        return Math.tanh(x);
      case 'softplus':
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
    }
  });
}

function analyseBehaviour(
  network: RecurrentNetwork,
  task: Task,
  trained: readonly number[],
  sweep: readonly number[],
  trialsPerTarget: number,
  seed: number,
): BehaviourAnalysis {
  const targets = sweep.length > 0 ? sweep : trained;
  const conditions = targets.flatMap((intervalMs) =>
    Array.from({ length: trialsPerTarget }, () => ({ intervalMs })),
  );
  const batch = trialAlignedBatch(task, { conditions, seed });
  const { outputs } = network.forward(batch.inputs, batch.seqLen, batch.batchSize);
  const evaluation = evaluateOutputs(task, batch, outputs);
  const outcomes: TrialOutcome[] = evaluation.outcomes.map((outcome, b) => ({
    targetMs: outcome.targetMs ?? (batch.trials[b].condition.intervalMs as number),
    producedMs: outcome.producedMs,
  }));

  const relativeErrors = targets.map((targetMs) => {
    const produced = outcomes
      .filter((outcome) => outcome.targetMs === targetMs && outcome.producedMs !== null)
      .map((outcome) => Math.abs((outcome.producedMs as number) - targetMs));
    const meanAbsoluteErrorMs =
      produced.length > 0 ? produced.reduce((sum, value) => sum + value, 0) / produced.length : NaN;
    return { targetMs, trained: trained.includes(targetMs), meanAbsoluteErrorMs };
  });
  return {
    behaviour: analyseTimingBehaviour(outcomes),
    sweep: sweep.length > 0 ? analyseIntervalSweep(outcomes, trained) : null,
    trainedIntervalsMs: [...trained],
    relativeErrors,
  };
}

function checkTarget(task: Task, targetMs: number): void {
  const variable = task.conditionVariables.find((candidate) => candidate.name === 'intervalMs');
  if (variable === undefined || !variable.accepts(targetMs)) {
    const allowed = variable?.allowed ?? 'none';
    throw new Error(
      `Invalid sweep interval ${targetMs} ms for ${task.metadata.name}; allowed: ${allowed}`,
    );
  }
}
