/**
 * MotorTiming: produce a cued interval after a set signal (NeuroGym's `MotorTiming-v0`).
 *
 * The subject fixates while a cue indicates which of two intervals (800 or 1500 ms) to produce.
 * After a brief set signal it must respond ("go") once the cued interval has elapsed. This is the
 * cue-set-go task of Wang, Narain, Hosseini and Jazayeri, "Flexible timing by temporal scaling
 * of cortical responses", Nature Neuroscience 21:102-110 (2018).
 *
 * Timing (defaults of NeuroGym 2.2, `envs/native/readysetgo.py`), each duration rounded down to
 * whole steps of dt = 80 ms:
 *
 * | period     | duration                 | inputs on                          |
 * | ---------- | ------------------------ | ---------------------------------- |
 * | fixation   | 500 ms                   | fixation                           |
 * | cue        | uniform(1000, 3000) ms   | fixation, interval cue (one-hot)   |
 * | set        | 50 ms                    | fixation, interval cue, set        |
 * | production | 2 x interval             | none                               |
 *
 * Inputs: 0 fixation, 1 and 2 a one-hot of the interval (one channel per interval), last set.
 * Actions: 0 fixate, 1 go. The ground truth is 0 everywhere except a single 1 at step
 * `floor(interval / dt)` after production onset. The loss mask is 1 on every step, because
 * NeuroGym's supervised dataset trains on every step.
 *
 * Reward (NeuroGym's rule): going during fixation costs 0.1 and the trial goes on; the first go
 * in production ends the trial, with `t_prod` measured from the end of set,
 * `eps = |t_prod - interval|`, threshold `0.2 * interval + 25` ms; the trial succeeds when
 * `eps <= threshold` and earns `max((1 - eps / threshold)^1.5, 0.1)`. A go at production step k
 * has `t_prod = k * dt`, because NeuroGym's `step` scores each action at `t = step * dt`.
 *
 * Known defects of NeuroGym's version: at dt 80 or 100 ms the 50 ms set period rounds to zero
 * steps, so the set input never turns on and production follows the cue directly. rnnlab
 * keeps the set period at least one step long unless `neurogymCompatible` is true. At dt 80 the
 * ground-truth go for 1500 ms falls at step 18, that is 1440 ms, which earns only
 * `(1 - 60 / 325)^1.5 = 0.736` of the reward; following the ground truth for 800 ms earns 1.
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
  argmax,
  validateCondition,
  type ConditionVariable,
  type Task,
  type TaskMetadata,
  type TrialOutcome,
} from './task.js';
import { fixed, sampleDurationMs, uniform, type TimingTable } from './timing.js';
import { findPeriod, TrialBuilder, type Condition, type Trial } from './trial.js';

/** Options of MotorTiming; every one has NeuroGym's default. */
export interface MotorTimingOptions {
  /** Time step in ms (80). */
  dtMs?: number;
  /** Intervals to produce in ms, one cue channel each ([800, 1500]). */
  intervalsMs?: number[];
  /** Fraction of the interval added to 25 ms to give the rewarded error (0.2). */
  productionMargin?: number;
  rewards?: Partial<Rewards>;
  /** Overrides of the fixation, cue and set durations. */
  timing?: Record<string, unknown>;
  /** Reproduce NeuroGym exactly, including a set period that rounds to zero steps (false). */
  neurogymCompatible?: boolean;
}

const name = 'MotorTiming';

const defaultTiming: TimingTable = {
  fixation: fixed(500),
  cue: uniform(1000, 3000),
  set: fixed(50),
};

const optionShape = {
  dtMs: dtMsOption.optional(),
  intervalsMs: intervalsMsOption.optional(),
  productionMargin: z.number().nonnegative().finite().optional(),
  rewards: rewardsOption,
  timing: timingOption(Object.keys(defaultTiming)),
  neurogymCompatible: z.boolean().optional(),
};

/** MotorTiming task; see the file's doc comment for the trial structure and reward. */
export class MotorTiming implements Task {
  readonly metadata: TaskMetadata = {
    name,
    neurogymId: 'MotorTiming-v0',
    description:
      'Fixate, read which interval the cue asks for, then after the set signal respond ' +
      'once that interval has elapsed.',
    paperName: 'Flexible timing by temporal scaling of cortical responses',
    paperLink: 'https://www.nature.com/articles/s41593-017-0028-6',
    tags: ['timing', 'go-no-go', 'supervised'],
  };
  readonly kind = 'classification' as const;
  readonly dtMs: number;
  readonly timing: TimingTable;
  readonly inputNames: readonly string[];
  readonly outputNames = ['fixate', 'go'] as const;
  readonly conditionVariables: readonly ConditionVariable[];
  readonly intervalsMs: readonly number[];
  readonly productionMargin: number;
  readonly rewards: Rewards;
  readonly neurogymCompatible: boolean;

  constructor(options: MotorTimingOptions = {}) {
    const parsed = parseTaskOptions(name, optionShape, options);
    this.dtMs = parsed.dtMs ?? 80;
    this.intervalsMs = parsed.intervalsMs ?? [800, 1500];
    this.productionMargin = parsed.productionMargin ?? 0.2;
    this.rewards = resolveRewards(parsed.rewards);
    this.timing = resolveTiming(defaultTiming, parsed.timing);
    this.neurogymCompatible = parsed.neurogymCompatible ?? false;

    for (const intervalMs of this.intervalsMs) {
      if (intervalMs < this.dtMs) {
        throw optionError(
          name,
          'intervalsMs',
          `${intervalMs} ms is shorter than one step (dtMs ${this.dtMs})`,
        );
      }
    }
    if (new Set(this.intervalsMs).size !== this.intervalsMs.length) {
      throw optionError(name, 'intervalsMs', `intervals must differ, got ${this.intervalsMs}`);
    }

    this.inputNames = ['fixation', ...this.intervalsMs.map((ms) => `cue${ms}ms`), 'set'];
    this.conditionVariables = [
      {
        name: 'intervalMs',
        allowed: `one of ${this.intervalsMs.join(', ')}`,
        accepts: (value) => this.intervalsMs.includes(value),
      },
    ];
  }

  newTrial(random: Random, condition: Condition = {}): Trial {
    validateCondition(name, this.conditionVariables, condition);
    const intervalIndex =
      condition.intervalMs === undefined
        ? random.integer(this.intervalsMs.length)
        : this.intervalsMs.indexOf(condition.intervalMs);
    const intervalMs = this.intervalsMs[intervalIndex] as number;
    const cueChannel = this.inputNames[intervalIndex + 1] as string;

    const builder = new TrialBuilder(name, this.kind, this.dtMs, this.inputNames, 2)
      .addPeriod('fixation', sampleDurationMs(this.timing.fixation!, random))
      .addPeriod('cue', sampleDurationMs(this.timing.cue!, random))
      .addPeriod('set', sampleDurationMs(this.timing.set!, random), {
        minSteps: this.neurogymCompatible ? 0 : 1,
      })
      .addPeriod('production', 2 * intervalMs);

    builder
      .setInput('fixation', 1, ['fixation', 'cue', 'set'])
      .setInput(cueChannel, 1, ['cue', 'set'])
      .setInput('set', 1, 'set');

    const production = builder.period('production');
    builder.setGroundTruthAt(production.startStep + Math.floor(intervalMs / this.dtMs), 1);
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
      abortPeriods: ['fixation'],
      responsePeriods: ['production'],
      originStep: findPeriod(trial, 'production').startStep,
      targetMs: trial.condition.intervalMs as number,
      margin: this.productionMargin,
      rewards: this.rewards,
    });
  }
}
