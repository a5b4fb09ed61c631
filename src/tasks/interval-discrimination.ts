/**
 * IntervalDiscrimination: judge which of two stimuli lasted longer (NeuroGym's
 * `IntervalDiscrimination-v0`), after Genovesio, Tsujimoto and Wise, "Feature- and Order-Based
 * Timing Representations in the Frontal Cortex", Neuron (2009).
 *
 * Two stimuli of random durations are shown one after the other, separated by a delay. After
 * a second delay the subject reports which one was longer by choosing option 1 or 2.
 *
 * Timing (defaults of NeuroGym 2.2, `envs/native/intervaldiscrimination.py`), rounded down to
 * whole steps of dt = 80 ms:
 *
 * | period   | duration              | inputs on        |
 * | -------- | --------------------- | ---------------- |
 * | fixation | 300 ms                | fixation         |
 * | stim1    | uniform(300, 600) ms  | fixation, stim1  |
 * | delay1   | uniform(800, 1500) ms | fixation         |
 * | stim2    | uniform(300, 600) ms  | fixation, stim2  |
 * | delay2   | 500 ms                | fixation         |
 * | decision | 300 ms                | none             |
 *
 * Actions: 0 fixate, 1 "stimulus 1 was longer", 2 "stimulus 2 was longer". The ground truth is
 * 0 until the decision period, then 1 when the rounded first duration is longer and 2
 * otherwise (ties go to 2, as in NeuroGym). The loss mask is 1 everywhere.
 *
 * Reward: any action other than fixate during fixation costs 0.1 and the trial goes on; the
 * first action other than fixate during the decision period ends the trial and earns 1 when
 * correct, 0 otherwise. Actions during the stimuli and delays are ignored.
 */
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
import {
  describeDuration,
  durationAllows,
  fixed,
  roundDownToStep,
  sampleDurationMs,
  uniform,
  type TimingTable,
} from './timing.js';
import { TrialBuilder, type Condition, type Trial } from './trial.js';

/** Options of IntervalDiscrimination; every one has NeuroGym's default. */
export interface IntervalDiscriminationOptions {
  /** Time step in ms (80). */
  dtMs?: number;
  rewards?: Partial<Rewards>;
  /** Overrides of the fixation, stim1, delay1, stim2, delay2 and decision durations. */
  timing?: Record<string, unknown>;
}

const name = 'IntervalDiscrimination';

const defaultTiming: TimingTable = {
  fixation: fixed(300),
  stim1: uniform(300, 600),
  delay1: uniform(800, 1500),
  stim2: uniform(300, 600),
  delay2: fixed(500),
  decision: fixed(300),
};

const optionShape = {
  dtMs: dtMsOption.optional(),
  rewards: rewardsOption,
  timing: timingOption(Object.keys(defaultTiming)),
};

/** IntervalDiscrimination task; see the file's doc comment for the trial structure. */
export class IntervalDiscrimination implements Task {
  readonly metadata: TaskMetadata = {
    name,
    neurogymId: 'IntervalDiscrimination-v0',
    description:
      'Watch two stimuli shown one after the other and report which one lasted longer.',
    paperName: 'Feature- and Order-Based Timing Representations in the Frontal Cortex',
    paperLink: 'https://www.sciencedirect.com/science/article/pii/S0896627309004887',
    tags: ['timing', 'working memory', 'delayed response', 'two-alternative', 'supervised'],
  };
  readonly kind = 'classification' as const;
  readonly dtMs: number;
  readonly timing: TimingTable;
  readonly inputNames = ['fixation', 'stim1', 'stim2'] as const;
  readonly outputNames = ['fixate', 'choice1', 'choice2'] as const;
  readonly conditionVariables: readonly ConditionVariable[];
  readonly rewards: Rewards;

  constructor(options: IntervalDiscriminationOptions = {}) {
    const parsed = parseTaskOptions(name, optionShape, options);
    this.dtMs = parsed.dtMs ?? 80;
    this.rewards = resolveRewards(parsed.rewards);
    this.timing = resolveTiming(defaultTiming, parsed.timing);

    this.conditionVariables = (['stim1', 'stim2'] as const).map((period) => {
      const duration = this.timing[period]!;
      return {
        name: `${period}Ms`,
        allowed: describeDuration(duration),
        accepts: (value: number) => durationAllows(duration, value),
      };
    });
  }

  newTrial(random: Random, condition: Condition = {}): Trial {
    validateCondition(name, this.conditionVariables, condition);
    const sample = (period: string) => sampleDurationMs(this.timing[period]!, random);
    const stim1Ms = roundDownToStep(condition.stim1Ms ?? sample('stim1'), this.dtMs);
    const stim2Ms = roundDownToStep(condition.stim2Ms ?? sample('stim2'), this.dtMs);

    const builder = new TrialBuilder(name, this.kind, this.dtMs, this.inputNames, 3)
      .addPeriod('fixation', sample('fixation'))
      .addPeriod('stim1', stim1Ms)
      .addPeriod('delay1', sample('delay1'))
      .addPeriod('stim2', stim2Ms)
      .addPeriod('delay2', sample('delay2'))
      .addPeriod('decision', sample('decision'));

    builder
      .setInput('fixation', 1, ['fixation', 'stim1', 'delay1', 'stim2', 'delay2'])
      .setInput('stim1', 1, 'stim1')
      .setInput('stim2', 1, 'stim2')
      .setGroundTruth(stim1Ms > stim2Ms ? 1 : 2, 'decision');
    return builder.build({ stim1Ms, stim2Ms });
  }

  decide(outputs: ArrayLike<number>, offset: number): number {
    return argmax(outputs, offset, 3);
  }

  targetDecision(trial: Trial, step: number): number {
    return trial.groundTruth[step] as number;
  }

  scoreTrial(trial: Trial, decisions: ArrayLike<number>): TrialOutcome {
    const correctChoice = trial.condition.stim1Ms! > trial.condition.stim2Ms! ? 1 : 2;
    return scoreChoiceTrial(trial, decisions, {
      abortPeriods: ['fixation'],
      abortEndsTrial: false,
      decisionPeriod: 'decision',
      correctChoice,
      rewards: this.rewards,
    });
  }
}
