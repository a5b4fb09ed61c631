/**
 * PerceptualDecisionMaking: report which of two noisy stimuli is stronger on average
 * (NeuroGym's `PerceptualDecisionMaking-v0`), the random-dot motion task of Britten, Shadlen,
 * Newsome and Movshon, "The analysis of visual motion: a comparison of neuronal and
 * psychophysical performance", Journal of Neuroscience 12:4745-4765 (1992).
 *
 * Timing (defaults of NeuroGym 2.2, `envs/native/perceptualdecisionmaking.py`), rounded down to
 * whole steps of dt = 100 ms:
 *
 * | period   | duration | inputs on            |
 * | -------- | -------- | -------------------- |
 * | fixation | 100 ms   | fixation             |
 * | stimulus | 2000 ms  | stimulus channels    |
 * | delay    | 0 ms     | none                 |
 * | decision | 100 ms   | none                 |
 *
 * As in NeuroGym the fixation input is on during the fixation period only. With `dimRing`
 * choices at angles `theta_i = 2 pi i / dimRing`, stimulus channel i carries
 * `cos(theta_i - theta_correct) * coherence / 200 + 0.5` plus Gaussian noise of standard
 * deviation `sigma / sqrt(dt)` at every step (sigma 1.0, so 0.1 at dt 100), coherence drawn
 * from [0, 6.4, 12.8, 25.6, 51.2]. Actions: 0 fixate, then one per choice (1 and 2 by
 * default). The ground truth is the correct choice during the decision period and 0 before.
 * The loss mask is 1 everywhere.
 *
 * Reward: any action other than fixate during fixation costs 0.1, and it ends the trial when
 * `abortOnFixationBreak` (NeuroGym's `abort`) is true. The first action other than fixate in
 * the decision period ends the trial and earns 1 when correct, 0 otherwise.
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
import { scoreChoiceTrial } from './reward-rules.js';
import {
  argmax,
  validateCondition,
  type ConditionVariable,
  type Task,
  type TaskMetadata,
  type TrialOutcome,
} from './task.js';
import { fixed, sampleDurationMs, type TimingTable } from './timing.js';
import { TrialBuilder, type Condition, type Trial } from './trial.js';

/** Options of PerceptualDecisionMaking; every one has NeuroGym's default. */
export interface PerceptualDecisionMakingOptions {
  /** Time step in ms (100). */
  dtMs?: number;
  /** Number of choices, each with its own stimulus channel (2). */
  dimRing?: number;
  /** Coherences in percent, drawn with equal probability ([0, 6.4, 12.8, 25.6, 51.2]). */
  coherences?: number[];
  /** Input noise per unit sqrt(ms); the per-step standard deviation is sigma / sqrt(dt) (1). */
  sigma?: number;
  /** End the trial on a fixation break (false). */
  abortOnFixationBreak?: boolean;
  rewards?: Partial<Rewards>;
  /** Overrides of the fixation, stimulus, delay and decision durations. */
  timing?: Record<string, unknown>;
}

const name = 'PerceptualDecisionMaking';

const defaultTiming: TimingTable = {
  fixation: fixed(100),
  stimulus: fixed(2000),
  delay: fixed(0),
  decision: fixed(100),
};

const optionShape = {
  dtMs: dtMsOption.optional(),
  dimRing: z.number().int().min(2).optional(),
  coherences: z.array(z.number().nonnegative().finite()).min(1).optional(),
  sigma: z.number().nonnegative().finite().optional(),
  abortOnFixationBreak: z.boolean().optional(),
  rewards: rewardsOption,
  timing: timingOption(Object.keys(defaultTiming)),
};

/** PerceptualDecisionMaking task; see the file's doc comment for the trial structure. */
export class PerceptualDecisionMaking implements Task {
  readonly metadata: TaskMetadata = {
    name,
    neurogymId: 'PerceptualDecisionMaking-v0',
    description:
      'Fixate, integrate noisy evidence on the stimulus channels, then choose the channel ' +
      'with the stronger mean.',
    paperName:
      'The analysis of visual motion: a comparison of neuronal and psychophysical performance',
    paperLink: 'https://www.jneurosci.org/content/12/12/4745',
    tags: ['perceptual', 'two-alternative', 'supervised'],
  };
  readonly kind = 'classification' as const;
  readonly dtMs: number;
  readonly timing: TimingTable;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly conditionVariables: readonly ConditionVariable[];
  readonly dimRing: number;
  readonly coherences: readonly number[];
  readonly sigma: number;
  readonly abortOnFixationBreak: boolean;
  readonly rewards: Rewards;

  constructor(options: PerceptualDecisionMakingOptions = {}) {
    const parsed = parseTaskOptions(name, optionShape, options);
    this.dtMs = parsed.dtMs ?? 100;
    this.dimRing = parsed.dimRing ?? 2;
    this.coherences = parsed.coherences ?? [0, 6.4, 12.8, 25.6, 51.2];
    this.sigma = parsed.sigma ?? 1;
    this.abortOnFixationBreak = parsed.abortOnFixationBreak ?? false;
    this.rewards = resolveRewards(parsed.rewards);
    this.timing = resolveTiming(defaultTiming, parsed.timing);

    const choices = Array.from({ length: this.dimRing }, (_, i) => i + 1);
    this.inputNames = ['fixation', ...choices.map((choice) => `stimulus${choice}`)];
    this.outputNames = ['fixate', ...choices.map((choice) => `choice${choice}`)];
    this.conditionVariables = [
      {
        name: 'coherence',
        allowed: `one of ${this.coherences.join(', ')}`,
        accepts: (value) => this.coherences.includes(value),
      },
      {
        name: 'correctChoice',
        allowed: `an integer from 1 to ${this.dimRing}`,
        accepts: (value) => Number.isInteger(value) && value >= 1 && value <= this.dimRing,
      },
    ];
  }

  /** Standard deviation of the input noise at each step, `sigma / sqrt(dt)`. */
  get noiseStd(): number {
    return this.sigma / Math.sqrt(this.dtMs);
  }

  newTrial(random: Random, condition: Condition = {}): Trial {
    validateCondition(name, this.conditionVariables, condition);
    const correctChoice = condition.correctChoice ?? 1 + random.integer(this.dimRing);
    const coherence = condition.coherence ?? random.choice(this.coherences);
    const sample = (period: string) => sampleDurationMs(this.timing[period]!, random);

    const builder = new TrialBuilder(name, this.kind, this.dtMs, this.inputNames, 1 + this.dimRing)
      .addPeriod('fixation', sample('fixation'))
      .addPeriod('stimulus', sample('stimulus'))
      .addPeriod('delay', sample('delay'))
      .addPeriod('decision', sample('decision'));

    builder.setInput('fixation', 1, 'fixation');
    const correctTheta = (2 * Math.PI * (correctChoice - 1)) / this.dimRing;
    for (let i = 0; i < this.dimRing; i++) {
      const theta = (2 * Math.PI * i) / this.dimRing;
      const mean = Math.cos(theta - correctTheta) * (coherence / 200) + 0.5;
      builder.setInput(`stimulus${i + 1}`, mean, 'stimulus');
    }
    for (let i = 0; i < this.dimRing; i++) {
      builder.addInputNoise(`stimulus${i + 1}`, this.noiseStd, random, 'stimulus');
    }
    builder.setGroundTruth(correctChoice, 'decision');
    return builder.build({ coherence, correctChoice });
  }

  decide(outputs: ArrayLike<number>, offset: number): number {
    return argmax(outputs, offset, 1 + this.dimRing);
  }

  targetDecision(trial: Trial, step: number): number {
    return trial.groundTruth[step] as number;
  }

  scoreTrial(trial: Trial, decisions: ArrayLike<number>): TrialOutcome {
    return scoreChoiceTrial(trial, decisions, {
      abortPeriods: ['fixation'],
      abortEndsTrial: this.abortOnFixationBreak,
      decisionPeriod: 'decision',
      correctChoice: trial.condition.correctChoice as number,
      rewards: this.rewards,
    });
  }
}
