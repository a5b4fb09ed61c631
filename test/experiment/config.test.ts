import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { ConfigError, parseExperiment, resolveModels } from '../../src/experiment/config.js';
import { loadExperiment } from '../../src/experiment/load.js';

const minimal = {
  name: 'x',
  task: { name: 'MotorTiming' },
  models: [{ name: 'lstm', cell: 'lstm', hiddenSize: 8 }],
};

function messageOf(input: unknown): string {
  try {
    parseExperiment(input, 'exp.yaml');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

test('default experiment file loads with three models', () => {
  const experiment = loadExperiment('examples/motor-timing.yaml');
  assert.deepEqual(
    experiment.models.map((model) => [model.name, model.cell, model.hiddenSize]),
    [
      ['rnn', 'rnn', 81],
      ['lstm', 'lstm', 81],
      ['gru', 'gru', 81],
    ],
  );
  assert.equal(experiment.task.dtMs, 100);
  assert.equal(experiment.training.batchSize, 16);
  assert.equal(experiment.training.seqLen, 100);
  assert.equal(experiment.training.optimizer.name, 'adam');
});

test('unknown key names the field and the allowed keys', () => {
  const message = messageOf({ ...minimal, traning: {} });
  assert.match(message, /exp\.yaml: unknown key "traning"/);
  assert.match(message, /allowed keys: .*training/);
});

test('unknown nested key names its path', () => {
  const message = messageOf({ ...minimal, models: [{ ...minimal.models[0], hidden: 3 }] });
  assert.match(message, /models\[0\]: unknown key "hidden"/);
  assert.match(message, /hiddenSize/);
});

test('wrong type names the field and the value', () => {
  const text = messageOf({ ...minimal, training: { steps: 'many' } });
  assert.match(text, /training\.steps: expected a number, got "many"/);
  const fraction = messageOf({ ...minimal, training: { steps: 2.5 } });
  assert.match(fraction, /training\.steps: expected an integer, got 2\.5/);
});

test('out-of-range value names the bound', () => {
  const message = messageOf({ ...minimal, models: [{ name: 'a', cell: 'gru', hiddenSize: 0 }] });
  assert.match(message, /models\[0\]\.hiddenSize: 0 is too small; must be >= 1/);
});

test('unknown cell lists the allowed cells', () => {
  const message = messageOf({ ...minimal, models: [{ name: 'a', cell: 'lsmt', hiddenSize: 4 }] });
  assert.match(message, /models\[0\]\.cell: invalid value "lsmt"; allowed: "rnn", "rnn-relu"/);
});

test('unknown optimizer lists the allowed optimizers', () => {
  const message = messageOf({ ...minimal, training: { optimizer: { name: 'adagrad' } } });
  assert.match(message, /training\.optimizer\.name: invalid value "adagrad"; allowed: "adam", "sgd"/);
});

test('unknown learning-rate schedule lists the allowed schedules', () => {
  const message = messageOf({ ...minimal, training: { lrSchedule: { name: 'linear' } } });
  assert.match(
    message,
    /training\.lrSchedule\.name: invalid value "linear"; allowed: "constant", "cosine", "step"/,
  );
  const perModel = messageOf({
    ...minimal,
    models: [{ name: 'a', cell: 'gru', hiddenSize: 4, training: { lrSchedule: { name: 'x' } } }],
  });
  assert.match(perModel, /models\[0\]\.training\.lrSchedule\.name: invalid value "x"; allowed: "constant"/);
});

test('step schedule needs a step size and names the cosine keys', () => {
  const missing = messageOf({ ...minimal, training: { lrSchedule: { name: 'step' } } });
  assert.match(missing, /training\.lrSchedule\.stepSize: missing required field/);
  const unknown = messageOf({ ...minimal, training: { lrSchedule: { name: 'cosine', tMax: 9 } } });
  assert.match(unknown, /training\.lrSchedule: unknown key "tMax"; allowed keys: name, minLr/);
});

test('unknown key lists only the chosen kind\'s keys', () => {
  const cosine = messageOf({ ...minimal, training: { lrSchedule: { name: 'cosine', stepSize: 5 } } });
  assert.match(cosine, /training\.lrSchedule: unknown key "stepSize"; allowed keys: name, minLr$/);
  const constant = messageOf({ ...minimal, training: { lrSchedule: { name: 'constant', minLr: 0 } } });
  assert.match(constant, /training\.lrSchedule: unknown key "minLr"; allowed keys: name$/);
  const adam = messageOf({ ...minimal, training: { optimizer: { name: 'adam', momentum: 0.9 } } });
  assert.match(adam, /training\.optimizer: unknown key "momentum"; allowed keys: name, lr, betas, eps, weightDecay$/);
  const sgd = messageOf({
    ...minimal,
    models: [{ ...minimal.models[0], training: { optimizer: { name: 'sgd', lr: 1, betas: [0, 0] } } }],
  });
  assert.match(
    sgd,
    /models\[0\]\.training\.optimizer: unknown key "betas"; allowed keys: name, lr, momentum, dampening, nesterov, weightDecay$/,
  );
});

test('NaN and infinities named in messages', () => {
  const nan = messageOf({ ...minimal, training: { optimizer: { name: 'adam', lr: Number.NaN } } });
  assert.match(nan, /training\.optimizer\.lr: expected a number, got NaN$/);
  const infinite = messageOf({ ...minimal, training: { lrSchedule: { name: 'cosine', minLr: -Infinity } } });
  assert.match(infinite, /training\.lrSchedule\.minLr: expected a number, got -Infinity$/);
});

test('threads beyond the batch size are rejected', () => {
  const message = messageOf({ ...minimal, training: { batchSize: 4, threads: 8 } });
  assert.match(message, /training\.threads: 8 threads cannot split a batch of 4 columns/);
  const perModel = messageOf({
    ...minimal,
    models: [{ name: 'a', cell: 'gru', hiddenSize: 4, training: { threads: 32 } }],
  });
  assert.match(perModel, /models\[0\]\.training\.threads: 32 threads cannot split a batch of 16/);
  const zero = messageOf({ ...minimal, training: { threads: 0 } });
  assert.match(zero, /training\.threads: 0 is too small; must be >= 1/);
});

test('duplicate model names are rejected', () => {
  const model = minimal.models[0];
  const message = messageOf({ ...minimal, models: [model, model] });
  assert.match(message, /"lstm" is used twice/);
  const upper = { ...model, name: 'LSTM' };
  const caseOnly = messageOf({ ...minimal, models: [model, upper] });
  assert.match(caseOnly, /models\[1\]\.name: "LSTM" differs from "lstm" only in case/);
});

test('leaky options on a non-leaky cell are rejected', () => {
  const message = messageOf({
    ...minimal,
    models: [{ name: 'a', cell: 'gru', hiddenSize: 4, leaky: { tauMs: 50 } }],
  });
  assert.match(message, /models\[0\]\.leaky: only allowed when cell is "leaky"/);
});

test('model training settings override the experiment defaults', () => {
  const experiment = parseExperiment(
    {
      ...minimal,
      training: { steps: 100, batchSize: 8 },
      models: [{ name: 'a', cell: 'lstm', hiddenSize: 4, training: { steps: 7 } }],
    },
    'exp.yaml',
  );
  const [model] = resolveModels(experiment);
  assert.equal(model?.training.steps, 7);
  assert.equal(model?.training.batchSize, 8);
  assert.equal(model?.seed, 1);
});

test('missing and malformed files give one clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-config-'));
  assert.throws(() => loadExperiment(join(dir, 'absent.yaml')), /experiment file not found/);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: [unclosed\n');
  assert.throws(() => loadExperiment(bad), /bad\.yaml:\d+:\d+: invalid YAML/);
  const list = join(dir, 'list.yaml');
  writeFileSync(list, '- a\n- b\n');
  assert.throws(() => loadExperiment(list), /expected a mapping/);
});

test('seeds above 2^32 - 1 are rejected', () => {
  const top = messageOf({ ...minimal, seed: 2 ** 32 });
  assert.match(top, /exp\.yaml: seed: 4294967296 is too large; must be <= 4294967295/);
  const model = messageOf({ ...minimal, models: [{ ...minimal.models[0], seed: 2 ** 40 }] });
  assert.match(model, /models\[0\]\.seed: 1099511627776 is too large; must be <= 4294967295/);
  const evaluation = messageOf({ ...minimal, evaluation: { seed: 2 ** 53 - 1 } });
  assert.match(evaluation, /evaluation\.seed: 9007199254740991 is too large/);
  const derived = messageOf({
    ...minimal,
    seed: 2 ** 32 - 1,
    models: [minimal.models[0], { name: 'b', cell: 'gru', hiddenSize: 4 }],
  });
  assert.match(derived, /models\[1\]\.seed: seed \+ 1 = 4294967296 is too large; must be <= 4294967295/);
});

test('cosine floor above the learning rate is rejected', () => {
  const shared = messageOf({
    ...minimal,
    training: { optimizer: { name: 'adam', lr: 0.001 }, lrSchedule: { name: 'cosine', minLr: 0.5 } },
  });
  assert.match(
    shared,
    /exp\.yaml: training\.lrSchedule\.minLr: 0\.5 is larger than training\.optimizer\.lr of model "lstm" \(0\.001\); must be <= 0\.001/,
  );
  const perModel = messageOf({
    ...minimal,
    training: { lrSchedule: { name: 'cosine', minLr: 0.002 } },
    models: [{ ...minimal.models[0], training: { optimizer: { name: 'sgd', lr: 0.001 } } }],
  });
  assert.match(perModel, /training\.lrSchedule\.minLr: 0\.002 is larger than models\[0\]\.training\.optimizer\.lr/);
  const equal = parseExperiment(
    { ...minimal, training: { optimizer: { name: 'adam', lr: 0.01 }, lrSchedule: { name: 'cosine', minLr: 0.01 } } },
    'exp.yaml',
  );
  assert.equal(equal.training.optimizer.lr, 0.01);
});

test('type and missing-name messages read correctly', () => {
  const array = messageOf({ ...minimal, models: { name: 'a' } });
  assert.match(array, /exp\.yaml: models: expected an array, got \{"name":"a"\}/);
  const noName = messageOf({ ...minimal, training: { lrSchedule: { minLr: 0 } } });
  assert.match(noName, /training\.lrSchedule\.name: missing required field; allowed: "constant", "cosine", "step"/);
  const emptyTask = messageOf({ ...minimal, task: { name: '' } });
  assert.match(emptyTask, /task\.name: "" is too short; must have at least 1 character/);
});

test('invalid YAML names its line once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-config-'));
  const path = join(dir, 'flow.yaml');
  writeFileSync(path, 'name: x\ntask: {name: MotorTiming\nmodels: [\n');
  assert.throws(
    () => loadExperiment(path),
    (error: Error) => {
      assert.match(error.message, /flow\.yaml:3:1: invalid YAML: Flow map in block collection/);
      assert.doesNotMatch(error.message, /at line \d+, column \d+/);
      assert.doesNotMatch(error.message, /:$/);
      return true;
    },
  );
});

test('evaluation trials above 100000 are rejected', () => {
  const message = messageOf({ ...minimal, evaluation: { trials: 100_001 } });
  assert.match(message, /evaluation\.trials: 100001 is too large; must be <= 100000/);
});
