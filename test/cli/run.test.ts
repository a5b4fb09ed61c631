import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { runCli } from './cli-helpers.js';

const cliScript = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`run stopped by ${signal} leaves no partial folder`, async () => {
    const path = join(work, `stop-${signal}.yaml`);
    writeFileSync(
      path,
      [
        'name: stop',
        'task: {name: MotorTiming, dtMs: 100}',
        'training: {evaluateEvery: 0, evaluationTrials: 10}',
        'evaluation: {trials: 10}',
        'models:',
        '  - {name: fast, cell: rnn, hiddenSize: 4, training: {steps: 2}}',
        '  - {name: slow, cell: gru, hiddenSize: 32, training: {steps: 1000000}}',
        '',
      ].join('\n'),
    );
    const out = join(work, `stop-${signal}`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliScript, 'run', path, '--out', out, '--workers', '2', '--no-report'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // The fast model's finished folder waits in the run folder under a hidden staging name.
    const deadline = Date.now() + 120_000;
    const staged = (): boolean =>
      existsSync(out) &&
      readdirSync(out).some(
        (name) => name.endsWith('.partial') && existsSync(join(out, name, 'evaluation.json')),
      );
    while (!staged() && Date.now() < deadline) await sleep(100);
    assert.ok(staged(), 'the fast model never reached its staging folder');

    child.kill(signal);
    const code = await exited;
    assert.notEqual(code, 0);
    assert.equal(existsSync(out), false, `left behind: ${existsSync(out) ? readdirSync(out).join(', ') : ''}`);
  });
}
