/**
 * Validation of task options. Every task declares its options as a strict zod object, so an
 * unknown key, a value of the wrong type or a negative duration raises an Error that names the
 * option and the allowed values.
 */
import { z } from 'zod';

import { parseDuration, type Duration, type TimingTable } from './timing.js';

/** Rewards of NeuroGym's timing and choice tasks: fixation break, correct and failed trial. */
export interface Rewards {
  readonly abort: number;
  readonly correct: number;
  readonly fail: number;
}

/** NeuroGym 2.2's default rewards, shared by all its native tasks used here. */
export const neurogymRewards: Rewards = { abort: -0.1, correct: 1, fail: 0 };

/** Time step in ms: a positive finite number. */
export const dtMsOption = z.number().positive().finite();

/** Overrides of some rewards; the others keep their defaults. */
export const rewardsOption = z
  .strictObject({
    abort: z.number().finite().optional(),
    correct: z.number().finite().optional(),
    fail: z.number().finite().optional(),
  })
  .optional();

/** A list of positive interval lengths in ms. */
export const intervalsMsOption = z.array(z.number().positive().finite()).min(1);

/**
 * Overrides of some periods of a timing table. Each value is a duration as `parseDuration`
 * reads it: a number of ms or a one-key distribution object.
 */
export function timingOption(periods: readonly string[]) {
  const shape: Record<string, z.ZodType<Duration | undefined>> = {};
  for (const period of periods) {
    shape[period] = z
      .unknown()
      .transform((value, context) => {
        if (value === undefined) return undefined;
        try {
          return parseDuration(value, `timing.${period}`);
        } catch (error) {
          context.issues.push({ code: 'custom', message: (error as Error).message, input: value });
          return z.NEVER;
        }
      })
      .optional();
  }
  return z.strictObject(shape).optional();
}

/** Merges timing overrides into a default timing table. */
export function resolveTiming(
  defaults: TimingTable,
  overrides: Record<string, Duration | undefined> | undefined,
): TimingTable {
  const table: Record<string, Duration> = { ...defaults };
  for (const [period, duration] of Object.entries(overrides ?? {})) {
    if (duration !== undefined) table[period] = duration;
  }
  return table;
}

/** Merges reward overrides into NeuroGym's defaults. */
export function resolveRewards(overrides: Partial<Rewards> | undefined): Rewards {
  return { ...neurogymRewards, ...stripUndefined(overrides ?? {}) };
}

/**
 * Parses `raw` with a strict object schema and returns the typed options, or throws an Error
 * naming the first invalid option of `taskName` and what it allows.
 */
export function parseTaskOptions<Shape extends z.ZodRawShape>(
  taskName: string,
  shape: Shape,
  raw: unknown,
): z.infer<z.ZodObject<Shape, z.core.$strict>> {
  const schema = z.strictObject(shape);
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new Error(`Options for task ${taskName} must be an object, got ${JSON.stringify(raw)}`);
  }
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;

  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const prefix = path.length > 0 ? `${path.join('.')}.` : '';
    const allowed = keysAt(schema, path).join(', ');
    const key = issue.keys[0] as string;
    throw new Error(
      `Unknown option "${prefix}${key}" for task ${taskName}; allowed: ${allowed}`,
    );
  }
  if (issue.code === 'custom') {
    throw new Error(`${issue.message} (task ${taskName})`);
  }
  throw new Error(`Invalid option "${path.join('.')}" for task ${taskName}: ${issue.message}`);
}

/** Builds the Error for an option that parsed but breaks a task's own rule. */
export function optionError(taskName: string, option: string, detail: string): Error {
  return new Error(`Invalid option "${option}" for task ${taskName}: ${detail}`);
}

function keysAt(schema: z.ZodType, path: readonly string[]): string[] {
  let current: z.ZodType = schema;
  for (const key of path) {
    current = unwrap(current);
    if (!(current instanceof z.ZodObject)) return [];
    const next = (current.shape as Record<string, z.ZodType>)[key];
    if (next === undefined) return [];
    current = next;
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
