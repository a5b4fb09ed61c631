/**
 * The input of an experiment report: what the experiment runner measured for each model, in
 * the order the experiment lists the models. Arrays are row-major; times are in ms unless a
 * name says otherwise.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { CellType, ModelConfig } from '../experiment/config.js';

/** One parameter of a PyTorch-style state dict, row-major, named as PyTorch names it. */
export interface ReportParameter {
  shape: number[];
  data: Float32Array;
}

/** Scores of one model, or of a baseline policy, on the same evaluation trials. */
export interface EvaluationScores {
  /** Fraction of trials whose produced interval t_p satisfies |t_p - T| <= 0.2 T + 25 ms. */
  successRate: number;
  /** Mean of the task's reward per trial. */
  meanReward: number;
  /** Fraction of trials whose last step's action matches the ground truth. */
  lastStepAccuracy: number;
  /** Fraction of all steps whose action matches the ground truth. */
  stepAccuracy: number;
}

/** Produced intervals summarised for one target interval. */
export interface ProducedIntervalSummary {
  targetMs: number;
  /** Trials with this target. */
  n: number;
  /** Mean and standard deviation of the produced interval over trials with a go, in ms. */
  meanMs: number | null;
  stdMs: number | null;
  /** Trials with this target in which the network produced a go. */
  producedCount: number;
}

/** Closed-loop outcome of one evaluation trial. */
export interface TrialOutcome {
  targetMs: number;
  /** Interval from the end of set to the first go, or null when the network never went. */
  producedMs: number | null;
  success: boolean;
  reward: number;
}

/** A model's closed-loop evaluation on fresh trials, with the always-fixate baseline. */
export interface ModelEvaluation extends EvaluationScores {
  trials: number;
  baselines: { alwaysFixate: EvaluationScores };
  producedIntervals: ProducedIntervalSummary[];
  outcomes: TrialOutcome[];
}

/** A trial period, as steps [startStep, endStep) of the trial. */
export interface TrialPeriod {
  name: string;
  startStep: number;
  endStep: number;
}

/** One example trial run through a trained model, with its hidden states and outputs. */
export interface ExampleTrial {
  targetMs: number;
  dtMs: number;
  /** Number of steps T. */
  seqLen: number;
  /** Hidden size H. */
  hiddenSize: number;
  /** Hidden states, shape (T, H), row-major. */
  hidden: Float32Array;
  /** Network outputs (logits), shape (T, O), row-major. */
  outputs: Float32Array;
  /** Output size O. */
  outputSize: number;
  /** Name of each output channel, for example `['fixate', 'go']`; indices when absent. */
  outputNames?: string[];
  periods: TrialPeriod[];
  /** Step of the network's first go in the production period, or null when it never went. */
  goStep: number | null;
}

/** Everything the report shows about one trained model. */
export interface ModelReport {
  name: string;
  cell: CellType;
  hiddenSize: number;
  config: ModelConfig;
  /** Wall-clock training time in seconds. */
  trainingSeconds: number;
  /** Optimiser steps taken. */
  steps: number;
  lossCurve: { step: number; loss: number }[];
  /** Success rate of the periodic evaluations during training; empty when there were none. */
  evaluationCurve: { step: number; successRate: number }[];
  evaluation: ModelEvaluation;
  /** Parameters by PyTorch name, for example `rnn.weight_hh_l0` and `fc.weight`. */
  stateDict: Record<string, ReportParameter>;
  /** One example trial per target interval. */
  exampleTrials: ExampleTrial[];
}

/** The task the models were trained on. */
export interface ReportTask {
  name: string;
  description: string;
  /** Kind of target: a class per step (cross-entropy) or values (mean squared error). */
  kind: 'classification' | 'regression';
  dtMs: number;
  /** Conditions of the task, for example target intervals `{ targetMs: [800, 1500] }`. */
  conditions: Record<string, unknown>;
}

/** Everything an experiment report shows. */
export interface ReportInput {
  title: string;
  task: ReportTask;
  /** Time the experiment finished, as an ISO 8601 string. */
  createdAt: string;
  /** Command line that reproduces the experiment, for example `rnnlab run motor-timing.yaml`. */
  command: string;
  /** Versions of rnnlab, Node.js and the libraries used, by name. */
  versions: Record<string, string>;
  /** Experiment file as the user wrote it, shown verbatim under reproduction. */
  configText?: string;
  /** Models in the experiment's order, which every chart and table keeps. */
  models: ModelReport[];
}

/** A chart of a report section, written to `figures/<name>.svg` and `figures/<name>.png`. */
export interface ReportFigure {
  /** File stem, stable across runs, for example `loss` or `weights-lstm`. */
  name: string;
  spec: TopLevelSpec;
  /** One or two sentences under the chart that explain how to read it. */
  caption: string;
}

/**
 * One section of the report: a heading, an HTML body and its figures, which follow the body.
 * `id` becomes the anchor of the table of contents.
 */
export interface ReportSection {
  id: string;
  title: string;
  /** Trusted HTML of the body. Build it with the escaping helpers of `html-escape.ts`. */
  html: string;
  figures: ReportFigure[];
  /** `grid` puts figures side by side when they fit; `column` stacks them full width. */
  figureLayout?: 'grid' | 'column';
}
