/**
 * CueSetGo: produce a cued interval as a ramping output (regression), after Wang, Narain,
 * Hosseini and Jazayeri, "Flexible timing by temporal scaling of cortical responses", Nature
 * Neuroscience 21:102-110 (2018), where monkeys and recurrent networks produced 800 or 1500 ms
 * after a set flash.
 *
 * The network receives a tonic context input whose level encodes the interval to produce, then
 * a brief set pulse. From the end of set its single output must ramp linearly from 0 to 1,
 * reaching 1 when the interval has elapsed. The produced interval is the time from the end of
 * set to the first step at which the output reaches the threshold (default 1).
 *
 * Timing (rnnlab's choice, matching MotorTiming's periods), rounded down to whole steps of
 * dt = 80 ms; set always lasts at least one step:
 *
 * | period     | duration               | inputs on         | target                         |
 * | ---------- | ---------------------- | ----------------- | ------------------------------ |
 * | fixation   | 500 ms                 | none              | 0                              |
 * | cue        | uniform(1000, 3000) ms | context           | 0                              |
 * | set        | 50 ms                  | context, set      | 0                              |
 * | production | 2 x interval           | context           | t / interval                   |
 *
 * Inputs: 0 context, at level `intervalMs / 1000` (the interval in seconds, so 0.8 for 800 ms
 * and 1.5 for 1500 ms) from cue onset to the end of the trial; 1 set, 1 during set. At
 * production step k, `t = k * dt`. With `afterTarget: 'continue'` (default) the ramp goes on
 * past 1 with the same slope, to 2 at the end of production, so that the output crosses the
 * threshold cleanly; with `'hold'` the target stays at 1 until the end of the trial; with
 * `'mask'` the steps after the ramp reaches 1 get mask 0.
 *
 * Training intervals default to [800, 1500], drawn with equal probability. Any interval inside
 * `intervalRangeMs` (default: from the shortest to the longest training interval) can be asked
 * for as a condition, for example 1000 or 1200 ms; one outside it is an error.
 *
 * Scoring: the decision at a step is 1 (go) when the output is at or above the threshold. As in
 * MotorTiming, a go during fixation costs 0.1; the first go in production is timed and scored
 * with NeuroGym's rule (threshold `0.2 * interval + 25` ms, reward
 * `max((1 - eps / threshold)^1.5, 0.1)`). Crossings during cue and set are not penalized.
 */
import { z } from 'zod';

import type { Random } from '../engine/random.js';
import {
  dtMsOption,
  intervalsMsOption,
  optionError,
  parseTaskOptions,
  resolveRewards,
  resolveTiming,
  rewardsOption,
  timingOption,
  type Rewards,
} from './options.js';
import { scoreIntervalTrial } from './reward-rules.js';
import {
  validateCondition,
  type ConditionVariable,
  type Task,
  type TaskMetadata,
  type TrialOutcome,
} from './task.js';
import { fixed, sampleDurationMs, uniform, type TimingTable } from './timing.js';
import { findPeriod, TrialBuilder, type Condition, type Trial } from './trial.js';

/** Options of CueSetGo. */
export interface CueSetGoOptions {
  /** Time step in ms (80). */
  dtMs?: number;
  /** Training intervals in ms, drawn with equal probability ([800, 1500]). */
  intervalsMs?: number[];
  /** Smallest and largest interval a trial may ask for (the training intervals' span). */
  intervalRangeMs?: [number, number];
  /**
   * Output level that counts as "go" (1). The target ramp reaches a threshold below 1 at
   * `threshold * interval`, so following the target then produces intervals that short.
   */
  threshold?: number;
  /**
   * Target after the ramp reaches 1: the ramp goes on with the same slope ('continue'), is held
   * at 1 ('hold'), or is masked out of the loss ('mask'). 'continue' is the default because a
   * held target teaches the output to approach 1 from below, so it may never cross a threshold
   * of 1.
   */
  afterTarget?: 'continue' | 'hold' | 'mask';
  /** Fraction of the interval added to 25 ms to give the rewarded error (0.2). */
  productionMargin?: number;
  rewards?: Partial<Rewards>;
  /** Overrides of the fixation, cue and set durations. */
  timing?: Record<string, unknown>;
}

const name = 'CueSetGo';

const defaultTiming: TimingTable = {
  fixation: fixed(500),
  cue: uniform(1000, 3000),
  set: fixed(50),
};

const optionShape = {
  dtMs: dtMsOption.optional(),
  intervalsMs: intervalsMsOption.optional(),
  intervalRangeMs: z.tuple([z.number().positive().finite(), z.number().positive().finite()])
    .optional(),
  threshold: z.number().positive().finite().optional(),
  afterTarget: z.enum(['continue', 'hold', 'mask']).optional(),
  productionMargin: z.number().nonnegative().finite().optional(),
  rewards: rewardsOption,
  timing: timingOption(Object.keys(defaultTiming)),
};

/** Context input level for an interval: the interval in seconds. */
export function contextLevel(intervalMs: number): number {
  return intervalMs / 1000;
}

/** CueSetGo task; see the file's doc comment for the trial structure and scoring. */
export class CueSetGo implements Task {
  readonly metadata: TaskMetadata = {
    name,
    neurogymId: null,
    description:
      'Read the interval from the level of a tonic context input; after the set pulse, ramp ' +
      'the output from 0 to 1 so that it reaches 1 when the interval has elapsed.',
    paperName: 'Flexible timing by temporal scaling of cortical responses',
    paperLink: 'https://www.nature.com/articles/s41593-017-0028-6',
    tags: ['timing', 'regression', 'supervised'],
  };
  readonly kind = 'regression' as const;
  readonly dtMs: number;
  readonly timing: TimingTable;
  readonly inputNames = ['context', 'set'] as const;
  readonly outputNames = ['output'] as const;
  readonly conditionVariables: readonly ConditionVariable[];
  readonly intervalsMs: readonly number[];
  readonly intervalRangeMs: readonly [number, number];
  readonly threshold: number;
  readonly afterTarget: 'continue' | 'hold' | 'mask';
  readonly productionMargin: number;
  readonly rewards: Rewards;

  constructor(options: CueSetGoOptions = {}) {
    const parsed = parseTaskOptions(name, optionShape, options);
    this.dtMs = parsed.dtMs ?? 80;
    this.intervalsMs = parsed.intervalsMs ?? [800, 1500];
    this.intervalRangeMs = parsed.intervalRangeMs ?? [
      Math.min(...this.intervalsMs),
      Math.max(...this.intervalsMs),
    ];
    this.threshold = parsed.threshold ?? 1;
    this.afterTarget = parsed.afterTarget ?? 'continue';
    this.productionMargin = parsed.productionMargin ?? 0.2;
    this.rewards = resolveRewards(parsed.rewards);
    this.timing = resolveTiming(defaultTiming, parsed.timing);

    const [minMs, maxMs] = this.intervalRangeMs;
    if (minMs > maxMs) {
      throw optionError(name, 'intervalRangeMs', `minimum ${minMs} is above maximum ${maxMs}`);
    }
    if (minMs < this.dtMs) {
      throw optionError(
        name,
        'intervalRangeMs',
        `${minMs} ms is shorter than one step (dtMs ${this.dtMs})`,
      );
    }
    for (const intervalMs of this.intervalsMs) {
      if (intervalMs < minMs || intervalMs > maxMs) {
        throw optionError(
          name,
          'intervalsMs',
          `${intervalMs} ms is outside intervalRangeMs [${minMs}, ${maxMs}]`,
        );
      }
    }
    if (this.threshold > 1) {
      throw optionError(
        name,
        'threshold',
        `${this.threshold} is above 1, the target ramp's maximum; allowed: (0, 1]`,
      );
    }

    this.conditionVariables = [
      {
        name: 'intervalMs',
        allowed: `from ${minMs} to ${maxMs}`,
        accepts: (value) => value >= minMs && value <= maxMs,
      },
    ];
  }

  newTrial(random: Random, condition: Condition = {}): Trial {
    validateCondition(name, this.conditionVariables, condition);
    const intervalMs = condition.intervalMs ?? random.choice(this.intervalsMs);

    const builder = new TrialBuilder(name, this.kind, this.dtMs, this.inputNames, 1)
      .addPeriod('fixation', sampleDurationMs(this.timing.fixation!, random))
      .addPeriod('cue', sampleDurationMs(this.timing.cue!, random))
      .addPeriod('set', sampleDurationMs(this.timing.set!, random), { minSteps: 1 })
      .addPeriod('production', 2 * intervalMs);

    builder
      .setInput('context', contextLevel(intervalMs), ['cue', 'set', 'production'])
      .setInput('set', 1, 'set');

    const production = builder.period('production');
    for (let k = 0; k < production.endStep - production.startStep; k++) {
      const step = production.startStep + k;
      const elapsedMs = k * this.dtMs;
      const ramp = elapsedMs / intervalMs;
      builder.setTargetAt(step, 0, this.afterTarget === 'continue' ? ramp : Math.min(ramp, 1));
      if (this.afterTarget === 'mask' && elapsedMs > intervalMs) builder.setMaskAt(step, 0);
    }
    return builder.build({ intervalMs });
  }

  decide(outputs: ArrayLike<number>, offset: number): number {
    return (outputs[offset] as number) >= this.threshold ? 1 : 0;
  }

  targetDecision(trial: Trial, step: number): number {
    return (trial.groundTruth[step] as number) >= this.threshold ? 1 : 0;
  }

  scoreTrial(trial: Trial, decisions: ArrayLike<number>): TrialOutcome {
    return scoreIntervalTrial(trial, decisions, {
      abortPeriods: ['fixation'],
      responsePeriods: ['production'],
      originStep: findPeriod(trial, 'production').startStep,
      targetMs: trial.condition.intervalMs as number,
      margin: this.productionMargin,
      rewards: this.rewards,
    });
  }
}
