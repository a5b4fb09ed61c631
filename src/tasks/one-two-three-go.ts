/**
 * OneTwoThreeGo: reproduce an interval shown twice (NeuroGym's `OneTwoThreeGo-v0`), after
 * Egger, Remington, Chang and Jazayeri, "Internal models of sensorimotor integration regulate
 * cortical dynamics", Nature Neuroscience (2019).
 *
 * Three flashes (s1, s2, s3) are separated by two equal intervals. The subject must respond
 * ("go") once the same interval has elapsed after the third flash.
 *
 * Timing (defaults of NeuroGym 2.2, `envs/native/readysetgo.py`), rounded down to whole steps
 * of dt = 80 ms; the interval is drawn once per trial and used three times:
 *
 * | period    | duration                                  | inputs on                  |
 * | --------- | ----------------------------------------- | -------------------------- |
 * | fixation  | truncated exponential(400, 100, 800) ms   | fixation                   |
 * | target    | truncated exponential(1000, 500, 1500) ms | fixation, target           |
 * | s1        | 100 ms                                    | fixation, target, stimulus |
 * | interval1 | choice(600, 700, 800, 900, 1000) ms       | fixation, target           |
 * | s2        | 100 ms                                    | fixation, target, stimulus |
 * | interval2 | interval1                                 | fixation, target           |
 * | s3        | 100 ms                                    | fixation, target, stimulus |
 * | interval3 | interval1                                 | fixation, target           |
 * | response  | 1000 ms                                   | fixation, target           |
 *
 * As in NeuroGym the fixation input stays on for the whole trial. NeuroGym's timing table also
 * lists `interval2` and `interval3` as 0, but its trials ignore them, so rnnlab omits them.
 * Actions: 0 fixate, 1 go. The ground truth is 1 throughout the response period; the loss mask
 * is 1 everywhere.
 *
 * Reward: the first go in interval3 or response ends the trial, with `t_prod` measured from
 * the end of s3 and the usual rule (`eps = |t_prod - interval|`, threshold
 * `0.2 * interval + 25` ms, reward `max((1 - eps / threshold)^1.5, 0.1)`). Any other action
 * than fixate before interval3 costs 0.1 and the trial goes on. The flashes last at least one
 * step unless `neurogymCompatible` is true.
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
  choice,
  describeDuration,
  durationAllows,
  fixed,
  roundDownToStep,
  sampleDurationMs,
  truncatedExponential,
  type TimingTable,
} from './timing.js';
import { findPeriod, TrialBuilder, type Condition, type Trial } from './trial.js';

/** Options of OneTwoThreeGo; every one has NeuroGym's default. */
export interface OneTwoThreeGoOptions {
  /** Time step in ms (80). */
  dtMs?: number;
  /** Fraction of the interval added to 25 ms to give the rewarded error (0.2). */
  productionMargin?: number;
  rewards?: Partial<Rewards>;
  /** Overrides of the fixation, target, s1, interval1, s2, s3 and response durations. */
  timing?: Record<string, unknown>;
  /** Allow flashes that round to zero steps, as NeuroGym does (false). */
  neurogymCompatible?: boolean;
}

const name = 'OneTwoThreeGo';

const defaultTiming: TimingTable = {
  fixation: truncatedExponential(400, 100, 800),
  target: truncatedExponential(1000, 500, 1500),
  s1: fixed(100),
  interval1: choice([600, 700, 800, 900, 1000]),
  s2: fixed(100),
  s3: fixed(100),
  response: fixed(1000),
};

const optionShape = {
  dtMs: dtMsOption.optional(),
  productionMargin: z.number().nonnegative().finite().optional(),
  rewards: rewardsOption,
  timing: timingOption(Object.keys(defaultTiming)),
  neurogymCompatible: z.boolean().optional(),
};

/** OneTwoThreeGo task; see the file's doc comment for the trial structure and reward. */
export class OneTwoThreeGo implements Task {
  readonly metadata: TaskMetadata = {
    name,
    neurogymId: 'OneTwoThreeGo-v0',
    description:
      'Watch three flashes separated by two equal intervals, then respond once the same ' +
      'interval has elapsed after the third flash.',
    paperName: 'Internal models of sensorimotor integration regulate cortical dynamics',
    paperLink: 'https://www.nature.com/articles/s41593-019-0500-6',
    tags: ['timing', 'go-no-go', 'supervised'],
  };
  readonly kind = 'classification' as const;
  readonly dtMs: number;
  readonly timing: TimingTable;
  readonly inputNames = ['fixation', 'stimulus', 'target'] as const;
  readonly outputNames = ['fixate', 'go'] as const;
  readonly conditionVariables: readonly ConditionVariable[];
  readonly productionMargin: number;
  readonly rewards: Rewards;
  readonly neurogymCompatible: boolean;

  constructor(options: OneTwoThreeGoOptions = {}) {
    const parsed = parseTaskOptions(name, optionShape, options);
    this.dtMs = parsed.dtMs ?? 80;
    this.productionMargin = parsed.productionMargin ?? 0.2;
    this.rewards = resolveRewards(parsed.rewards);
    this.timing = resolveTiming(defaultTiming, parsed.timing);
    this.neurogymCompatible = parsed.neurogymCompatible ?? false;

    const interval = this.timing.interval1!;
    this.conditionVariables = [
      {
        name: 'intervalMs',
        allowed: describeDuration(interval),
        accepts: (value) => durationAllows(interval, value),
      },
    ];
  }

  newTrial(random: Random, condition: Condition = {}): Trial {
    validateCondition(name, this.conditionVariables, condition);
    const flash = { minSteps: this.neurogymCompatible ? 0 : 1 };
    const sample = (period: string) => sampleDurationMs(this.timing[period]!, random);
    const fixationMs = sample('fixation');
    const targetMs = sample('target');
    const intervalMs = roundDownToStep(condition.intervalMs ?? sample('interval1'), this.dtMs);

    const builder = new TrialBuilder(name, this.kind, this.dtMs, this.inputNames, 2)
      .addPeriod('fixation', fixationMs)
      .addPeriod('target', targetMs)
      .addPeriod('s1', sample('s1'), flash)
      .addPeriod('interval1', intervalMs)
      .addPeriod('s2', sample('s2'), flash)
      .addPeriod('interval2', intervalMs)
      .addPeriod('s3', sample('s3'), flash)
      .addPeriod('interval3', intervalMs)
      .addPeriod('response', sample('response'));

    const afterFixation = [
      'target',
      's1',
      'interval1',
      's2',
      'interval2',
      's3',
      'interval3',
      'response',
    ];
    builder
      .setInput('fixation', 1)
      .setInput('stimulus', 1, ['s1', 's2', 's3'])
      .setInput('target', 1, afterFixation)
      .setGroundTruth(1, 'response');
    return builder.build({ intervalMs });
  }

  decide(outputs: ArrayLike<number>, offset: number): number {
    return argmax(outputs, offset, 2);
  }

  targetDecision(trial: Trial, step: number): number {
    return trial.groundTruth[step] as number;
  }

  scoreTrial(trial: Trial, decisions: ArrayLike<number>): TrialOutcome {
    return scoreIntervalTrial(trial, decisions, {
      abortPeriods: ['fixation', 'target', 's1', 'interval1', 's2', 'interval2', 's3'],
      responsePeriods: ['interval3', 'response'],
      originStep: findPeriod(trial, 's3').endStep,
      targetMs: trial.condition.intervalMs as number,
      margin: this.productionMargin,
      rewards: this.rewards,
    });
  }
}
