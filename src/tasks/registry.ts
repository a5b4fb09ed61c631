/**
 * The task registry: creates a task from its rnnlab name (`MotorTiming`) or its NeuroGym id
 * (`MotorTiming-v0`), and lists every task with its metadata.
 */
import { CueSetGo, type CueSetGoOptions } from './cue-set-go.js';
import {
  IntervalDiscrimination,
  type IntervalDiscriminationOptions,
} from './interval-discrimination.js';
import { MotorTiming, type MotorTimingOptions } from './motor-timing.js';
import { OneTwoThreeGo, type OneTwoThreeGoOptions } from './one-two-three-go.js';
import {
  PerceptualDecisionMaking,
  type PerceptualDecisionMakingOptions,
} from './perceptual-decision-making.js';
import { ReadySetGo, type ReadySetGoOptions } from './ready-set-go.js';
import type { Task, TaskMetadata } from './task.js';

interface RegisteredTask {
  readonly name: string;
  readonly neurogymId: string | null;
  readonly create: (options: unknown) => Task;
}

const registered: readonly RegisteredTask[] = [
  {
    name: 'MotorTiming',
    neurogymId: 'MotorTiming-v0',
    create: (options) => new MotorTiming(options as MotorTimingOptions),
  },
  {
    name: 'CueSetGo',
    neurogymId: null,
    create: (options) => new CueSetGo(options as CueSetGoOptions),
  },
  {
    name: 'ReadySetGo',
    neurogymId: 'ReadySetGo-v0',
    create: (options) => new ReadySetGo(options as ReadySetGoOptions),
  },
  {
    name: 'OneTwoThreeGo',
    neurogymId: 'OneTwoThreeGo-v0',
    create: (options) => new OneTwoThreeGo(options as OneTwoThreeGoOptions),
  },
  {
    name: 'IntervalDiscrimination',
    neurogymId: 'IntervalDiscrimination-v0',
    create: (options) => new IntervalDiscrimination(options as IntervalDiscriminationOptions),
  },
  {
    name: 'PerceptualDecisionMaking',
    neurogymId: 'PerceptualDecisionMaking-v0',
    create: (options) => new PerceptualDecisionMaking(options as PerceptualDecisionMakingOptions),
  },
];

/**
 * Creates a task by rnnlab name or NeuroGym id with validated options. Throws an Error naming
 * the allowed names when the name is unknown, or naming the option when an option is invalid.
 */
export function createTask(name: string, options: unknown = {}): Task {
  const entry = registered.find((task) => task.name === name || task.neurogymId === name);
  if (entry === undefined) {
    const allowed = registered
      .map((task) => (task.neurogymId === null ? task.name : `${task.name} (${task.neurogymId})`))
      .join(', ');
    throw new Error(`Unknown task "${name}"; allowed: ${allowed}`);
  }
  return entry.create(options);
}

/** Returns the rnnlab names of all tasks. */
export function taskNames(): string[] {
  return registered.map((task) => task.name);
}

/** Returns the metadata of every task, as created with default options. */
export function listTasks(): TaskMetadata[] {
  return registered.map((task) => task.create({}).metadata);
}
