import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { runCli } from './cli-helpers.js';

const work = mkdtempSync(join(tmpdir(), 'rnnlab-train-'));
const cliScript = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

test('train writes a complete model folder', () => {
  const out = join(work, 'gru');
  const result = runCli(['train', '--cell', 'gru', '--hidden', '8', '--steps', '20', '--dt', '100', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^gru: success \d\.\d{3} on 500 trials/m);
  for (const file of ['config.json', 'metrics.csv', 'model.safetensors', 'evaluation.json']) {
    assert.ok(existsSync(join(out, file)), `${file} is missing`);
  }
  const evaluation = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8'));
  for (const key of ['successRate', 'lastStepAccuracy', 'stepAccuracy', 'meanReward']) {
    assert.equal(typeof evaluation[key], 'number', key);
    assert.equal(typeof evaluation.baselines.alwaysFixate[key], 'number', `baseline ${key}`);
  }
  const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
  assert.equal(metrics[0], 'step,loss,eval_success_rate,eval_mean_reward,elapsed_seconds');
  assert.equal(metrics.length, 21);
  assert.deepEqual(
    readdirSync(work).filter((name) => name.startsWith('.')),
    [],
    'staging folders left behind',
  );

  const evaluated = runCli(['evaluate', out, '--json']);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const printed = JSON.parse(evaluated.stdout);
  assert.equal(printed.successRate, evaluation.successRate);
  assert.equal(printed.stepAccuracy, evaluation.stepAccuracy);
  assert.equal(printed.trials, 500);

  const table = runCli(['evaluate', out, '--trials', '20', '--seed', '5']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /success rate\s+\d\.\d{3}\s+0\.000/);
  assert.match(table.stdout, /step accuracy/);
});

const badInputs: [string, string[], RegExp][] = [
  ['bad flag value', ['--hidden', 'many'], /--hidden expects a positive integer, got "many"/],
  ['unknown cell', ['--cell', 'lsmt'], /argument 'lsmt' is invalid. allowed: rnn, rnn-relu, lstm, gru, leaky/],
  ['unknown task', ['--task', 'NoSuchTask'], /Unknown task "NoSuchTask"; allowed: .*MotorTiming/],
  ['missing config file', ['--config', 'no-such-file.yaml'], /experiment file not found: no-such-file\.yaml/],
  ['negative learning rate', ['--lr', '-1'], /--lr expects a positive number, got "-1"/],
  ['seed above 2^32 - 1', ['--seed', '4294967296'], /--seed expects an integer from 0 to 4294967295, got "4294967296"/],
];

for (const [name, args, pattern] of badInputs) {
  test(`train rejects ${name} with one line`, () => {
    const out = join(work, `bad-${name.replaceAll(' ', '-')}`);
    const result = runCli(['train', ...args, '--steps', '5', '--out', out]);
    assert.notEqual(result.status, 0);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(result.stderr, /^rnnlab: error: /);
    assert.match(result.stderr, pattern);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'stack trace printed');
    assert.equal(existsSync(out), false, 'a run folder was left behind');
  });
}

test('evaluate rejects a folder without a model', () => {
  const result = runCli(['evaluate', work]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /is not a model folder: config\.json not found/);
});

test('train keeps an --out that is not a model', () => {
  const parent = mkdtempSync(join(tmpdir(), 'rnnlab-out-'));
  const folder = join(parent, 'notes');
  mkdirSync(folder);
  writeFileSync(join(folder, 'notes.txt'), 'keep me\n');
  const file = join(parent, 'data.csv');
  writeFileSync(file, '1,2\n');
  for (const out of [folder, file]) {
    const result = runCli(['train', '--hidden', '4', '--steps', '2', '--out', out]);
    assert.notEqual(result.status, 0, `${out} was replaced`);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /is not a model folder/);
    assert.doesNotMatch(result.stderr, /training for/, 'trained before checking --out');
  }
  assert.equal(readFileSync(join(folder, 'notes.txt'), 'utf8'), 'keep me\n');
  assert.equal(readFileSync(file, 'utf8'), '1,2\n');
  assert.deepEqual(readdirSync(parent).sort(), ['data.csv', 'notes']);

  const model = join(parent, 'model');
  for (let run = 0; run < 2; run++) {
    const result = runCli(['train', '--hidden', '4', '--steps', '2', '--out', model]);
    assert.equal(result.status, 0, `an older model folder is replaced: ${result.stderr}`);
  }
});

test('evaluate names a broken config.json', () => {
  const source = join(work, 'source');
  const trained = runCli(['train', '--hidden', '4', '--steps', '2', '--out', source]);
  assert.equal(trained.status, 0, trained.stderr);
  const config = JSON.parse(readFileSync(join(source, 'config.json'), 'utf8'));
  const broken: [string, unknown, RegExp][] = [
    ['null', null, /config\.json: expected a mapping, got null/],
    ['empty object', {}, /config\.json: model: missing required field/],
    ['no evaluation', { ...config, model: { ...config.model, evaluation: undefined } }, /model\.evaluation: missing/],
    ['no training', { ...config, model: { ...config.model, training: undefined } }, /model\.training: missing/],
    ['unknown cell', { ...config, model: { ...config.model, cell: 'foo' } }, /model\.cell: invalid value "foo"; allowed: "rnn"/],
  ];
  for (const [name, contents, pattern] of broken) {
    const dir = join(work, `broken-${name.replaceAll(' ', '-')}`);
    cpSync(source, dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(contents));
    const result = runCli(['evaluate', dir, '--trials', '2']);
    assert.notEqual(result.status, 0, name);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, pattern, name);
    assert.match(result.stderr, new RegExp(`broken-${name.replaceAll(' ', '-')}/config\\.json`), name);
  }
});

test('train --model reproduces the model of run', () => {
  const file = join(work, 'two.yaml');
  writeFileSync(
    file,
    [
      'name: two',
      'task: {name: MotorTiming, dtMs: 100}',
      'training: {steps: 3, evaluateEvery: 0, evaluationTrials: 10}',
      'evaluation: {trials: 10}',
      'models:',
      '  - {name: a, cell: gru, hiddenSize: 4}',
      '  - {name: b, cell: gru, hiddenSize: 4}',
      '',
    ].join('\n'),
  );
  const run = runCli(['run', file, '--out', join(work, 'two-run'), '--no-report']);
  assert.equal(run.status, 0, run.stderr);
  const trained = runCli(['train', '--config', file, '--model', 'b', '--out', join(work, 'two-b')]);
  assert.equal(trained.status, 0, trained.stderr);
  const seedOf = (dir: string): number => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).model.seed;
  assert.equal(seedOf(join(work, 'two-b')), seedOf(join(work, 'two-run', 'b')));
  assert.deepEqual(
    readFileSync(join(work, 'two-b', 'model.safetensors')),
    readFileSync(join(work, 'two-run', 'b', 'model.safetensors')),
  );
});

test('train --model needs a model of --config', () => {
  const file = join(work, 'one.yaml');
  writeFileSync(file, 'name: one\ntask: {name: MotorTiming}\nmodels: [{name: a, cell: rnn, hiddenSize: 4}]\n');
  const cases: [string[], RegExp][] = [
    [['--model', 'a'], /--model selects a model of the --config file; give --config too/],
    [['--config', file, '--model', 'b'], /--model: no model "b" in .*one\.yaml; models: a/],
  ];
  for (const [args, pattern] of cases) {
    const out = join(work, 'model-flag');
    const result = runCli(['train', ...args, '--steps', '2', '--out', out]);
    assert.notEqual(result.status, 0, args.join(' '));
    assert.match(result.stderr, pattern);
    assert.equal(existsSync(out), false);
  }
});

test('evaluate points from a run folder to its models', () => {
  const file = join(work, 'pair.yaml');
  writeFileSync(
    file,
    'name: pair\ntask: {name: MotorTiming}\ntraining: {steps: 2, evaluateEvery: 0}\nevaluation: {trials: 4}\n' +
      'models: [{name: a, cell: rnn, hiddenSize: 4}, {name: b, cell: gru, hiddenSize: 4}]\n',
  );
  const runDir = join(work, 'pair-run');
  const run = runCli(['run', file, '--out', runDir, '--no-report']);
  assert.equal(run.status, 0, run.stderr);
  const result = runCli(['evaluate', runDir]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /pair-run is a run folder, not a model folder; its model folders: a, b$/m);
});

test('evaluate --outcomes needs --json', () => {
  const result = runCli(['evaluate', work, '--outcomes']);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /^rnnlab: error: --outcomes adds each trial's outcome to --json; give --json too$/m);
});

test('evaluate scores 30000 trials', () => {
  // One forward pass over these trials would need 5.7 GB, more than WebAssembly's 4 GiB.
  const out = join(work, 'wide');
  const trained = runCli(['train', '--cell', 'lstm', '--hidden', '81', '--steps', '1', '--out', out]);
  assert.equal(trained.status, 0, trained.stderr);
  const result = runCli(['evaluate', out, '--trials', '30000', '--json']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).trials, 30000);
  const tooMany = runCli(['evaluate', out, '--trials', '100001']);
  assert.match(tooMany.stderr, /--trials expects an integer from 1 to 100000, got "100001"/);
});

test('train --threads splits the batch', () => {
  const out = join(work, 'threads');
  const args = ['train', '--cell', 'lstm', '--hidden', '6', '--steps', '4', '--threads', '2'];
  const result = runCli([...args, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.equal(config.model.training.threads, 2);

  const tooMany = runCli(['train', '--batch', '4', '--threads', '5', '--out', join(work, 'many')]);
  assert.notEqual(tooMany.status, 0);
  assert.match(tooMany.stderr, /training\.threads: 5 threads cannot split a batch of 4 columns/);
  assert.equal(existsSync(join(work, 'many')), false);
});

test('train names the allowed cells', () => {
  const result = runCli(['train', '--cell', '', '--out', join(work, 'no-cell')]);
  assert.notEqual(result.status, 0);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /allowed: rnn, rnn-relu, lstm, gru, leaky/);
});

for (const threads of ['1', '2']) {
  test(`train stops on SIGINT (${threads} threads)`, async () => {
    const out = join(work, `interrupted-${threads}`);
    const args = ['--hidden', '32', '--steps', '1000000', '--threads', threads, '--out', out];
    const child = spawn(process.execPath, ['--import', 'tsx', cliScript, 'train', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    const deadline = Date.now() + 60_000;
    while (!stderr.includes('training for') && Date.now() < deadline) await sleep(50);
    assert.match(stderr, /training for 1000000 steps/);
    // Let the training loop start, past the threads' start-up.
    await sleep(1500);
    child.kill('SIGINT');
    const stopped = await Promise.race([exited, sleep(15_000, 'still running')]);
    if (stopped === 'still running') child.kill('SIGKILL');
    assert.equal(stopped, 'SIGINT', stderr);
    assert.equal(existsSync(out), false);
    assert.deepEqual(
      readdirSync(work).filter((name) => name.includes(`interrupted-${threads}`)),
      [],
      'staging folders left behind',
    );
  });
}

test('train --lr keeps the model optimizer', () => {
  const file = join(work, 'sgd.yaml');
  writeFileSync(
    file,
    [
      'name: sgd',
      'task: {name: MotorTiming, dtMs: 100}',
      'training: {steps: 2, evaluateEvery: 0}',
      'evaluation: {trials: 10}',
      'models:',
      '  - name: a',
      '    cell: gru',
      '    hiddenSize: 4',
      '    training: {optimizer: {name: sgd, lr: 0.1, momentum: 0.9}}',
      '',
    ].join('\n'),
  );
  const out = join(work, 'sgd-lr');
  const result = runCli(['train', '--config', file, '--lr', '0.05', '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  const { optimizer } = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).model.training;
  assert.equal(optimizer.name, 'sgd');
  assert.equal(optimizer.lr, 0.05);
  assert.equal(optimizer.momentum, 0.9);
});

test('evaluate --verbose names the kernels', () => {
  const out = join(work, 'verbose');
  const trained = runCli(['train', '--hidden', '4', '--steps', '2', '--out', out]);
  assert.equal(trained.status, 0, trained.stderr);
  const table = runCli(['--verbose', 'evaluate', out, '--trials', '5', '--kernels', 'typescript']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^kernels: typescript-float32$/m);
  const json = runCli(['--verbose', 'evaluate', out, '--trials', '5', '--kernels', 'wasm-simd', '--json']);
  assert.equal(json.status, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).trials, 5);
  assert.match(json.stderr, /^kernels: wasm-simd$/m);
});
