import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { runCli } from './cli-helpers.js';

const work = mkdtempSync(join(tmpdir(), 'rnnlab-run-'));

/** Writes an experiment file with two small models, a and b, and returns its path. */
function experimentFile(name: string, steps = 2): string {
  const path = join(work, `${name}.yaml`);
  writeFileSync(
    path,
    [
      `name: ${name}`,
      'task: {name: MotorTiming, dtMs: 100}',
      `training: {steps: ${steps}, evaluateEvery: 0, evaluationTrials: 10}`,
      'evaluation: {trials: 10}',
      'models:',
      '  - {name: a, cell: rnn, hiddenSize: 4}',
      '  - {name: b, cell: gru, hiddenSize: 4}',
      '',
    ].join('\n'),
  );
  return path;
}

test('run keeps a model-named folder of other files', () => {
  const out = join(work, 'keep');
  mkdirSync(join(out, 'b'), { recursive: true });
  writeFileSync(join(out, 'b', 'notes.txt'), 'keep me\n');
  const result = runCli(['run', experimentFile('keep'), '--out', out, '--no-report']);
  assert.notEqual(result.status, 0, 'the folder b was replaced');
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /keep\/b exists and is not a model folder/);
  assert.equal(readFileSync(join(out, 'b', 'notes.txt'), 'utf8'), 'keep me\n');
  assert.deepEqual(readdirSync(out), ['b']);
});
