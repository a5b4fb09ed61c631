import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { runCli } from '../cli/cli-helpers.js';

const work = mkdtempSync(join(tmpdir(), 'rnnlab-analyze-'));
after(() => rmSync(work, { recursive: true, force: true }));

const motorTiming = `
name: tiny-motor-timing
seed: 3
task:
  name: MotorTiming
  dtMs: 100
training:
  steps: 30
  batchSize: 8
  seqLen: 60
  evaluateEvery: 0
evaluation:
  trials: 40
models:
  - name: rnn
    cell: rnn
    hiddenSize: 8
  - name: lstm
    cell: lstm
    hiddenSize: 8
`;

const cueSetGo = `
name: tiny-cue-set-go
seed: 4
task:
  name: CueSetGo
  dtMs: 80
  options:
    intervalsMs: [600, 1200]
    afterTarget: mask
training:
  steps: 20
  batchSize: 8
  seqLen: 60
  evaluateEvery: 0
evaluation:
  trials: 40
models:
  - name: leaky
    cell: leaky
    hiddenSize: 8
    leaky:
      tauMs: 160
      activation: tanh
`;

const quick = ['--trials', '4', '--behaviour-trials', '8', '--starts', '2', '--iterations', '200'];
const modelFiles = ['config.json', 'metrics.csv', 'model.safetensors', 'evaluation.json'];

function train(name: string, yaml: string): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, yaml);
  const out = join(work, name);
  const result = runCli(['run', file, '--out', out, '--workers', '1']);
  assert.equal(result.status, 0, result.stderr);
  return out;
}

let motorRun = '';
let cueRun = '';
before(() => {
  motorRun = train('motor', motorTiming);
  cueRun = train('cue', cueSetGo);
});

test('analyze adds sections without retraining', () => {
  const modifiedBefore = new Map<string, number>();
  for (const model of ['rnn', 'lstm']) {
    for (const file of modelFiles) {
      const path = join(motorRun, model, file);
      modifiedBefore.set(path, statSync(path).mtimeMs);
    }
  }

  const result = runCli(['analyze', motorRun, ...quick]);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 3, result.stdout);
  assert.match(lines[0], /^rnn: scaling index (\d\.\d{3}|undefined) \(absolute /);
  assert.match(lines[1], /^lstm: scaling index .*B = .*Weber fraction .*\d+ fixed and \d+ slow points over 6 inputs/);
  assert.match(lines[2], /^done in .*; report: /);
  assert.match(result.stderr, /lstm: fixed points for input 6\/6/);

  for (const [path, mtime] of modifiedBefore) {
    assert.equal(statSync(path).mtimeMs, mtime, `${path} was rewritten`);
  }

  const html = readFileSync(join(motorRun, 'report.html'), 'utf8');
  const rnnSection = html.indexOf('id="analysis-rnn"');
  const lstmSection = html.indexOf('id="analysis-lstm"');
  assert.ok(rnnSection > 0, 'no analysis section for rnn');
  assert.ok(lstmSection > rnnSection, 'the lstm section does not follow the rnn section');
  assert.ok(html.indexOf('id="reproduction"') > lstmSection, 'reproduction is not last');
  for (const kind of ['pca', 'variance', 'scaling', 'kinet', 'speed']) {
    for (const model of ['rnn', 'lstm']) {
      for (const extension of ['svg', 'png']) {
        const figure = join(motorRun, 'figures', `analysis-${kind}-${model}.${extension}`);
        assert.ok(existsSync(figure), `${figure} is missing`);
      }
    }
  }
});

test('analysis.json holds the numbers per model', () => {
  const lstm = JSON.parse(readFileSync(join(motorRun, 'lstm', 'analysis.json'), 'utf8'));
  assert.equal(lstm.model, 'lstm');
  assert.deepEqual(lstm.intervalsMs, [800, 1500]);
  assert.deepEqual(
    lstm.conditions.map((condition: { intervalMs: number }) => condition.intervalMs),
    [800, 1500],
  );
  assert.equal(lstm.scaling.units.length, 8);
  assert.equal(lstm.pca.explainedVarianceRatio.length, 8);
  const ratioSum = lstm.pca.explainedVarianceRatio.reduce((sum: number, x: number) => sum + x, 0);
  assert.ok(Math.abs(ratioSum - 1) < 1e-9, `variance ratios sum to ${ratioSum}`);
  assert.equal(lstm.fixedPoints.length, 6);
  const inputs = lstm.fixedPoints.map((entry: { input: string }) => entry.input);
  assert.deepEqual(inputs, [
    'fixation',
    'cue (800 ms)',
    'set (800 ms)',
    'production',
    'cue (1500 ms)',
    'set (1500 ms)',
  ]);
  const production = lstm.fixedPoints[3];
  assert.deepEqual(production.inputValues, [0, 0, 0, 0]);
  for (const entry of lstm.fixedPoints) {
    assert.equal(entry.starts, 2);
    for (const point of entry.points) assert.equal(point.state.length, 16, 'LSTM points are [h; c]');
  }
  assert.equal(lstm.behaviour.targets.length, 2);
  assert.equal(lstm.behaviour.targets[0].trials, 8);
  assert.equal(lstm.behaviour.sweep, null, 'MotorTiming accepts only its trained intervals');
});

test('analyze sweeps untrained CueSetGo intervals', () => {
  const result = runCli(['--verbose', 'analyze', cueRun, ...quick, '--json', '--kernels', 'wasm-simd']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^kernels: wasm-simd$/m);
  const summary = JSON.parse(result.stdout);
  assert.deepEqual(
    summary.models.map((model: { model: string }) => model.model),
    ['leaky'],
  );
  assert.equal(typeof summary.models[0].constantInputs, 'number');

  const leaky = JSON.parse(readFileSync(join(cueRun, 'leaky', 'analysis.json'), 'utf8'));
  const sweep = leaky.behaviour.sweep;
  assert.notEqual(sweep, null);
  const targets = sweep.targets.map((target: { targetMs: number }) => target.targetMs);
  assert.deepEqual(targets, [600, 680, 750, 830, 900, 980, 1050, 1130, 1200]);
  const trained = sweep.targets.filter((target: { trained: boolean }) => target.trained);
  assert.deepEqual(
    trained.map((target: { targetMs: number }) => target.targetMs),
    [600, 1200],
  );
  // The context input stays on through production, so cue and production share one input.
  const inputs = leaky.fixedPoints.map((entry: { input: string }) => entry.input);
  assert.deepEqual(inputs, [
    'fixation',
    'cue/production (600 ms)',
    'set (600 ms)',
    'cue/production (1200 ms)',
    'set (1200 ms)',
  ]);
  assert.ok(existsSync(join(cueRun, 'figures', 'analysis-pca-leaky.svg')));
});

test('analyze --sweep rejects a target outside the range', () => {
  const result = runCli(['analyze', cueRun, ...quick, '--sweep', '300,900', '--no-report']);
  assert.notEqual(result.status, 0);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /Invalid sweep interval 300 ms for CueSetGo; allowed: from 600 to 1200/);
});

test('analyze rejects a folder that is not a run', () => {
  const empty = join(work, 'empty');
  mkdirSync(empty);
  const result = runCli(['analyze', empty]);
  assert.notEqual(result.status, 0);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /is not a run folder: experiment\.json not found/);
});

test('analyze rejects a missing folder', () => {
  const result = runCli(['analyze', join(work, 'no-such-folder')]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr.trim(), /^rnnlab: error: .*no-such-folder is not a folder/);
});
