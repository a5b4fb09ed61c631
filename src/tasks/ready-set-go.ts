/**
 * ReadySetGo: measure an interval between two flashes, then reproduce it (NeuroGym's
 * `ReadySetGo-v0`), after Remington, Narain, Hosseini and Jazayeri, "Flexible Sensorimotor
 * Computations through Rapid Reconfiguration of Cortical Dynamics", Neuron (2018).
 *
 * A "ready" flash starts the measured interval and a "set" flash ends it. The subject must
 * respond ("go") after set once `gain` times the measured interval has elapsed.
 *
 * Timing (defaults of NeuroGym 2.2, `envs/native/readysetgo.py`), rounded down to whole steps
 * of dt = 80 ms. As in NeuroGym, ready and measure both start at the end of fixation, so the
 * ready flash covers the first step of the measured interval:
 *
 * | period     | duration                  | inputs on          |
 * | ---------- | ------------------------- | ------------------ |
 * | fixation   | 100 ms                    | fixation           |
 * | ready      | 83 ms                     | fixation, ready    |
 * | measure    | uniform(800, 1500) ms     | fixation           |
 * | set        | 83 ms                     | fixation, set      |
 * | production | 2 x gain x measure        | none               |
 *
 * Actions: 0 fixate, 1 go. The ground truth is a single 1 at step `floor(gain * measure / dt)`
 * after production onset; the loss mask is 1 everywhere.
 *
 * Reward: going during fixation costs 0.1; the first go in production ends the trial and is
 * scored with `eps = |t_prod - gain * measure|`, threshold `0.2 * gain * measure + 25` ms,
 * reward `max((1 - eps / threshold)^1.5, 0.1)` when `eps <= threshold`. NeuroGym measures
 * `t_prod` from the start of set (the end of measure), so a subject that follows NeuroGym's own
 * ground truth is always one set period late (80 ms at dt 80). rnnlab measures `t_prod` from
 * the end of set, where the ground truth is placed; `neurogymCompatible: true` restores
 * NeuroGym's reference point. At dt 100 the 83 ms ready and set periods round to zero steps in
 * NeuroGym; rnnlab keeps them one step long unless `neurogymCompatible` is true.
 */
import { z } from 'zod';

import type { Random } from '../engine/random.js';
import {
  dtMsOption,
  parseTaskOptions,
  resolveRewards,
  resolveTiming,
  rewardsOption,
  timingOption,
  type Rewards,
} from './options.js';
import { scoreIntervalTrial } from './reward-rules.js';
import {
  argmax,
  validateCondition,
  type ConditionVariable,
  type Task,
  type TaskMetadata,
  type TrialOutcome,
} from './task.js';
import {
  durationAllows,
  describeDuration,
  fixed,
  roundDownToStep,
  sampleDurationMs,
  uniform,
  type TimingTable,
} from './timing.js';
import { findPeriod, TrialBuilder, type Condition, type Trial } from './trial.js';

/** Options of ReadySetGo; every one has NeuroGym's default. */
export interface ReadySetGoOptions {
  /** Time step in ms (80). */
  dtMs?: number;
  /** Ratio of the produced to the measured interval (1). */
  gain?: number;
  /** Fraction of the target added to 25 ms to give the rewarded error (0.2). */
  productionMargin?: number;
  rewards?: Partial<Rewards>;
  /** Overrides of the fixation, ready, measure and set durations. */
  timing?: Record<string, unknown>;
  /** Time from the start of set and allow zero-length flashes, as NeuroGym does (false). */
  neurogymCompatible?: boolean;
}

const name = 'ReadySetGo';

const defaultTiming: TimingTable = {
  fixation: fixed(100),
  ready: fixed(83),
  measure: uniform(800, 1500),
  set: fixed(83),
};

const optionShape = {
  dtMs: dtMsOption.optional(),
  gain: z.number().positive().finite().optional(),
  productionMargin: z.number().nonnegative().finite().optional(),
  rewards: rewardsOption,
  timing: timingOption(Object.keys(defaultTiming)),
  neurogymCompatible: z.boolean().optional(),
};

/** ReadySetGo task; see the file's doc comment for the trial structure and reward. */
export class ReadySetGo implements Task {
  readonly metadata: TaskMetadata = {
    name,
    neurogymId: 'ReadySetGo-v0',
    description:
      'Measure the interval between the ready and set flashes, then respond after set once ' +
      'gain times that interval has elapsed.',
    paperName:
      'Flexible Sensorimotor Computations through Rapid Reconfiguration of Cortical Dynamics',
    paperLink: 'https://www.sciencedirect.com/science/article/pii/S0896627318304185',
    tags: ['timing', 'go-no-go', 'supervised'],
  };
  readonly kind = 'classification' as const;
  readonly dtMs: number;
  readonly timing: TimingTable;
  readonly inputNames = ['fixation', 'ready', 'set'] as const;
  readonly outputNames = ['fixate', 'go'] as const;
  readonly conditionVariables: readonly ConditionVariable[];
  readonly gain: number;
  readonly productionMargin: number;
  readonly rewards: Rewards;
  readonly neurogymCompatible: boolean;

  constructor(options: ReadySetGoOptions = {}) {
    const parsed = parseTaskOptions(name, optionShape, options);
    this.dtMs = parsed.dtMs ?? 80;
    this.gain = parsed.gain ?? 1;
    this.productionMargin = parsed.productionMargin ?? 0.2;
    this.rewards = resolveRewards(parsed.rewards);
    this.timing = resolveTiming(defaultTiming, parsed.timing);
    this.neurogymCompatible = parsed.neurogymCompatible ?? false;

    const measure = this.timing.measure!;
    this.conditionVariables = [
      {
        name: 'measureMs',
        allowed: describeDuration(measure),
        accepts: (value) => durationAllows(measure, value),
      },
    ];
  }

  newTrial(random: Random, condition: Condition = {}): Trial {
    validateCondition(name, this.conditionVariables, condition);
    const flashSteps = this.neurogymCompatible ? 0 : 1;
    const fixationMs = sampleDurationMs(this.timing.fixation!, random);
    const readyMs = sampleDurationMs(this.timing.ready!, random);
    const measureMs = roundDownToStep(
      condition.measureMs ?? sampleDurationMs(this.timing.measure!, random),
      this.dtMs,
    );
    const setMs = sampleDurationMs(this.timing.set!, random);
    const productionMs = measureMs * this.gain;

    const builder = new TrialBuilder(name, this.kind, this.dtMs, this.inputNames, 2)
      .addPeriod('fixation', fixationMs)
      .addPeriod('ready', readyMs, { after: 'fixation', minSteps: flashSteps })
      .addPeriod('measure', measureMs, { after: 'fixation' })
      .addPeriod('set', setMs, { after: 'measure', minSteps: flashSteps })
      .addPeriod('production', 2 * productionMs, { after: 'set' });

    builder
      .setInput('fixation', 1, ['fixation', 'ready', 'measure', 'set'])
      .setInput('ready', 1, 'ready')
      .setInput('set', 1, 'set');

    const production = builder.period('production');
    builder.setGroundTruthAt(production.startStep + Math.floor(productionMs / this.dtMs), 1);
    return builder.build({ measureMs });
  }

  decide(outputs: ArrayLike<number>, offset: number): number {
    return argmax(outputs, offset, 2);
  }

  targetDecision(trial: Trial, step: number): number {
    return trial.groundTruth[step] as number;
  }

  scoreTrial(trial: Trial, decisions: ArrayLike<number>): TrialOutcome {
    const set = findPeriod(trial, 'set');
    return scoreIntervalTrial(trial, decisions, {
      abortPeriods: ['fixation'],
      responsePeriods: ['production'],
      originStep: this.neurogymCompatible ? set.startStep : set.endStep,
      targetMs: (trial.condition.measureMs as number) * this.gain,
      margin: this.productionMargin,
      rewards: this.rewards,
    });
  }
}
