/**
 * Experiment files: which task, which models and how to train them. The schema is strict, so an
 * unknown key, a wrong type or an out-of-range value is rejected with the field's path and
 * what is allowed (see `formatConfigError`).
 */
import { z } from 'zod';

export const CELL_TYPES = ['rnn', 'rnn-relu', 'lstm', 'gru', 'leaky'] as const;

/**
 * Largest seed. The generator folds a larger seed onto 32 bits (2^32 gives the same stream as 1),
 * and a training run derives its data seeds as seed * 7919 + 29, which is no longer a safe
 * integer above about 1.1e12.
 */
export const MAX_SEED = 2 ** 32 - 1;
const seedSchema = z.int().min(0).max(MAX_SEED);

/**
 * Largest number of trials in one evaluation, a bound on its time: 100,000 trials of an 81-unit
 * LSTM took 39 s on a 2-core Intel Xeon.
 */
export const MAX_TRIALS = 100_000;
export type CellType = (typeof CELL_TYPES)[number];

const leakySchema = z.strictObject({
  tauMs: z.number().positive().default(100),
  activation: z.enum(['relu', 'tanh', 'softplus']).default('relu'),
  noiseStd: z.number().min(0).default(0.05),
  excitatoryFraction: z.number().gt(0).lt(1).nullable().default(null),
  connectionProbability: z.number().gt(0).max(1).default(1),
  selfConnections: z.boolean().default(false),
});
export type LeakyConfig = z.infer<typeof leakySchema>;

const adamSchema = z.strictObject({
  name: z.literal('adam'),
  lr: z.number().positive().max(10).default(0.001),
  betas: z.tuple([z.number().min(0).lt(1), z.number().min(0).lt(1)]).default([0.9, 0.999]),
  eps: z.number().positive().default(1e-8),
  weightDecay: z.number().min(0).default(0),
});

const sgdSchema = z.strictObject({
  name: z.literal('sgd'),
  lr: z.number().positive().max(10),
  momentum: z.number().min(0).lt(1).default(0),
  dampening: z.number().min(0).max(1).default(0),
  nesterov: z.boolean().default(false),
  weightDecay: z.number().min(0).default(0),
});

const optimizerSchema = z.discriminatedUnion('name', [adamSchema, sgdSchema]);
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

/** Learning-rate schedules, named after PyTorch's CosineAnnealingLR and StepLR. */
const constantScheduleSchema = z.strictObject({ name: z.literal('constant') });
const cosineScheduleSchema = z.strictObject({
  name: z.literal('cosine'),
  minLr: z.number().min(0).default(0),
});
const stepScheduleSchema = z.strictObject({
  name: z.literal('step'),
  stepSize: z.int().min(1),
  gamma: z.number().gt(0).max(1).default(0.1),
});
const lrScheduleSchema = z.discriminatedUnion('name', [
  constantScheduleSchema,
  cosineScheduleSchema,
  stepScheduleSchema,
]);
export type LrScheduleConfig = z.infer<typeof lrScheduleSchema>;

const trainingFields = {
  steps: z.int().min(1).max(10_000_000),
  batchSize: z.int().min(1).max(4096),
  seqLen: z.int().min(1).max(100_000),
  optimizer: optimizerSchema,
  lrSchedule: lrScheduleSchema,
  clipNorm: z.number().positive().nullable(),
  l2Weights: z.number().min(0),
  l2Rates: z.number().min(0),
  trainInitialState: z.boolean(),
  threads: z.int().min(1).max(64),
  evaluateEvery: z.int().min(0),
  evaluationTrials: z.int().min(1).max(MAX_TRIALS),
};

/**
 * Training defaults. Adam at a constant 0.01 often reaches the task and then falls off it again
 * on MotorTiming, so the default rate is lower and decays along a cosine, with clipping.
 */
const trainingSchema = z.strictObject({
  steps: trainingFields.steps.default(3000),
  batchSize: trainingFields.batchSize.default(16),
  seqLen: trainingFields.seqLen.default(100),
  optimizer: trainingFields.optimizer.default({
    name: 'adam',
    lr: 0.003,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
  }),
  lrSchedule: trainingFields.lrSchedule.default({ name: 'cosine', minLr: 0 }),
  clipNorm: trainingFields.clipNorm.default(1),
  l2Weights: trainingFields.l2Weights.default(0),
  l2Rates: trainingFields.l2Rates.default(0),
  trainInitialState: trainingFields.trainInitialState.default(false),
  threads: trainingFields.threads.default(1),
  evaluateEvery: trainingFields.evaluateEvery.default(250),
  evaluationTrials: trainingFields.evaluationTrials.default(100),
});
export type TrainingConfig = z.infer<typeof trainingSchema>;

const modelSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a folder name: letters, digits, _ . -'),
  cell: z.enum(CELL_TYPES),
  hiddenSize: z.int().min(1).max(4096),
  seed: seedSchema.optional(),
  leaky: leakySchema.optional(),
  training: z.strictObject(trainingFields).partial().optional(),
});

const taskSchema = z.strictObject({
  name: z.string().min(1),
  dtMs: z.number().positive().max(10_000).optional(),
  options: z.record(z.string(), z.unknown()).default({}),
});

export const experimentSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a folder name: letters, digits, _ . -'),
  description: z.string().optional(),
  seed: seedSchema.default(1),
  task: taskSchema,
  training: trainingSchema.default(trainingSchema.parse({})),
  evaluation: z
    .strictObject({
      trials: z.int().min(1).max(MAX_TRIALS).default(500),
      seed: seedSchema.default(1_000_003),
    })
    .default({ trials: 500, seed: 1_000_003 }),
  models: z.array(modelSchema).min(1).max(64),
  workers: z.int().min(1).max(256).optional(),
});

export type ExperimentConfig = z.infer<typeof experimentSchema>;

/**
 * A model's settings as a model folder's config.json stores them (a ModelConfig). Reading a
 * folder checks the fields that rebuild its task and network and passes the others through.
 */
export const savedModelSchema = z.looseObject({
  name: z.string().min(1),
  cell: z.enum(CELL_TYPES),
  hiddenSize: z.int().min(1),
  seed: z.int().min(0),
  leaky: leakySchema.nullable(),
  task: taskSchema,
  training: z.looseObject({ trainInitialState: z.boolean() }),
  evaluation: z.looseObject({ trials: z.int().min(1), seed: z.int().min(0) }),
});
export type ModelEntry = ExperimentConfig['models'][number];

/** One model's complete settings after the experiment's defaults are applied. */
export interface ModelConfig {
  name: string;
  cell: CellType;
  hiddenSize: number;
  seed: number;
  leaky: LeakyConfig | null;
  task: { name: string; dtMs?: number; options: Record<string, unknown> };
  training: TrainingConfig;
  evaluation: { trials: number; seed: number };
}

/** Raised for an invalid experiment file or flag, with one line per problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Validates a parsed experiment file and applies defaults. `source` names the file (or
 * "flags") in error messages.
 */
export function parseExperiment(input: unknown, source: string): ExperimentConfig {
  const result = experimentSchema.safeParse(input);
  if (!result.success) throw new ConfigError(formatConfigError(source, input, result.error));
  const experiment = result.data;

  // Names become folder names, so two that differ only in case would clash on the
  // case-insensitive file systems of macOS and Windows.
  const names = new Map<string, string>();
  experiment.models.forEach((model, index) => {
    const clash = names.get(model.name.toLowerCase());
    if (clash !== undefined) {
      const how = clash === model.name ? 'is used twice' : `differs from "${clash}" only in case`;
      throw new ConfigError(
        `${source}: models[${index}].name: "${model.name}" ${how}; model names must be unique ` +
          'regardless of case',
      );
    }
    names.set(model.name.toLowerCase(), model.name);
    if (model.leaky && model.cell !== 'leaky') {
      throw new ConfigError(
        `${source}: models[${index}].leaky: only allowed when cell is "leaky", got cell "${model.cell}"`,
      );
    }
  });
  resolveModels(experiment).forEach(({ name, seed, training }, index) => {
    const own = experiment.models[index]?.training;
    if (seed > MAX_SEED) {
      throw new ConfigError(
        `${source}: models[${index}].seed: seed + ${index} = ${seed} is too large; must be <= ${MAX_SEED}. ` +
          'Lower seed or give this model its own seed',
      );
    }
    const { lrSchedule, optimizer } = training;
    if (lrSchedule.name === 'cosine' && lrSchedule.minLr > optimizer.lr) {
      const schedulePath = own?.lrSchedule ? `models[${index}].training.lrSchedule` : 'training.lrSchedule';
      const lrPath = own?.optimizer ? `models[${index}].training.optimizer.lr` : 'training.optimizer.lr';
      throw new ConfigError(
        `${source}: ${schedulePath}.minLr: ${lrSchedule.minLr} is larger than ${lrPath} of model ` +
          `"${name}" (${optimizer.lr}); must be <= ${optimizer.lr}`,
      );
    }
    if (training.threads > training.batchSize) {
      const where = own?.threads !== undefined
        ? `models[${index}].training.threads`
        : 'training.threads';
      throw new ConfigError(
        `${source}: ${where}: ${training.threads} threads cannot split a batch of ` +
          `${training.batchSize} columns; use at most the batch size`,
      );
    }
  });
  return experiment;
}

/** Returns each model's settings with the experiment-wide training settings merged in. */
export function resolveModels(experiment: ExperimentConfig): ModelConfig[] {
  return experiment.models.map((model, index) => ({
    name: model.name,
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    seed: model.seed ?? experiment.seed + index,
    leaky: model.cell === 'leaky' ? leakySchema.parse(model.leaky ?? {}) : null,
    task: experiment.task,
    training: { ...experiment.training, ...definedFields(model.training ?? {}) },
    evaluation: experiment.evaluation,
  }));
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Formats zod issues as "source: path: problem" lines that name what is allowed. */
export function formatConfigError(source: string, input: unknown, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const where = path === '' ? source : `${source}: ${path}`;
    const received = valueAt(input, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeys(issue.path, received);
        const keys = issue.keys.map((key) => `"${key}"`).join(', ');
        return `${where}: unknown key ${keys}${allowed ? `; allowed keys: ${allowed}` : ''}`;
      }
      case 'invalid_value':
        return `${where}: invalid value ${formatValue(received)}; allowed: ${issue.values
          .map((value) => JSON.stringify(value))
          .join(', ')}`;
      case 'invalid_union':
        if ('discriminator' in issue && issue.discriminator) {
          const atDiscriminator = issue.path[issue.path.length - 1] === issue.discriminator;
          const value = atDiscriminator ? received : valueAt(received, [issue.discriminator]);
          const unionPath = atDiscriminator ? issue.path.slice(0, -1) : issue.path;
          const names = Object.keys(KEYS_BY_NAME[String(unionPath.at(-1))] ?? {});
          const allowed = names.map((name) => JSON.stringify(name)).join(', ');
          if (value === undefined) return `${where}: missing required field; allowed: ${allowed}`;
          return `${where}: invalid value ${formatValue(value)}; allowed: ${allowed}`;
        }
        return `${where}: ${issue.message}`;
      case 'invalid_type':
        if (received === undefined) return `${where}: missing required field (${issue.expected})`;
        return `${where}: expected ${describeExpected(issue.expected)}, got ${formatValue(received)}`;
      case 'too_small':
        if (issue.origin === 'string') {
          const unit = issue.minimum === 1 ? 'character' : 'characters';
          return `${where}: ${formatValue(received)} is too short; must have at least ${String(issue.minimum)} ${unit}`;
        }
        return `${where}: ${formatValue(received)} is too small; must be ${
          issue.inclusive === false ? '>' : '>='
        } ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
      case 'too_big':
        return `${where}: ${formatValue(received)} is too large; must be ${
          issue.inclusive === false ? '<' : '<='
        } ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`;
      default:
        return `${where}: ${issue.message}`;
    }
  });
  return lines.join('\n');
}

/** Formats a received value as JSON, except NaN and the infinities, which JSON prints as null. */
function formatValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

function describeExpected(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'an array';
  return `a ${expected}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Keys of each kind of optimizer and schedule, by the field that contains it, then by `name`.
 * The names are also the values that `name` allows.
 */
const KEYS_BY_NAME: Record<string, Record<string, readonly string[]>> = {
  optimizer: { adam: Object.keys(adamSchema.shape), sgd: Object.keys(sgdSchema.shape) },
  lrSchedule: {
    constant: Object.keys(constantScheduleSchema.shape),
    cosine: Object.keys(cosineScheduleSchema.shape),
    step: Object.keys(stepScheduleSchema.shape),
  },
};

/** Returns the keys of every kind of a field in KEYS_BY_NAME, each once, in order. */
function keysOfEveryKind(field: string): string[] {
  return [...new Set(Object.values(KEYS_BY_NAME[field] ?? {}).flat())];
}

const KEYS_BY_LOCATION: Record<string, readonly string[]> = {
  '': Object.keys(experimentSchema.shape),
  task: Object.keys(taskSchema.shape),
  training: Object.keys(trainingSchema.shape),
  'training.optimizer': keysOfEveryKind('optimizer'),
  'training.lrSchedule': keysOfEveryKind('lrSchedule'),
  evaluation: ['trials', 'seed'],
  'models[]': Object.keys(modelSchema.shape),
  'models[].leaky': Object.keys(leakySchema.shape),
  'models[].training': Object.keys(trainingFields),
  'models[].training.optimizer': keysOfEveryKind('optimizer'),
  'models[].training.lrSchedule': keysOfEveryKind('lrSchedule'),
};

/** Returns the keys allowed in the mapping `value` at `path`, as a list for a message. */
function allowedKeys(path: readonly PropertyKey[], value: unknown): string | null {
  const location = formatPath(path).replace(/\[\d+\]/g, '[]');
  const byName = KEYS_BY_NAME[location.split('.').at(-1) ?? ''];
  const name = valueAt(value, ['name']);
  const ofName = byName && typeof name === 'string' && Object.hasOwn(byName, name);
  const keys = ofName ? byName[name] : KEYS_BY_LOCATION[location];
  return keys ? keys.join(', ') : null;
}
