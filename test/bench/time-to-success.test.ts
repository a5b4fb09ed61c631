import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { formatTimeToSuccess, timeToSuccess } from '../../src/bench/time-to-success.js';

const work = mkdtempSync(join(tmpdir(), 'rnnlab-time-to-success-'));
after(() => rmSync(work, { recursive: true, force: true }));

function experimentFile(evaluateEvery: number): string {
  const path = join(work, `tiny-${evaluateEvery}.yaml`);
  writeFileSync(
    path,
    [
      'name: tiny',
      'task: { name: MotorTiming, dtMs: 100 }',
      `training: { steps: 20, batchSize: 4, seqLen: 40, evaluateEvery: ${evaluateEvery}, ` +
        'evaluationTrials: 10 }',
      'evaluation: { trials: 10 }',
      'models:',
      '  - { name: small-gru, cell: gru, hiddenSize: 4 }',
      '  - { name: small-rnn, cell: rnn, hiddenSize: 4 }',
    ].join('\n'),
  );
  return path;
}

test('time to success at rate zero', async () => {
  // Every evaluation reaches a success rate of at least 0, so the first one counts.
  const report = await timeToSuccess({
    experimentFile: experimentFile(5),
    targetSuccess: 0,
    implementation: 'typescript',
  });
  assert.deepEqual(
    report.models.map((row) => row.model),
    ['small-gru', 'small-rnn'],
  );
  for (const row of report.models) {
    assert.equal(row.step, 5);
    assert.notEqual(row.seconds, null);
    assert.ok(row.seconds! > 0, `${row.seconds} s`);
    assert.ok(row.seconds! <= row.trainingSeconds, `${row.seconds} s`);
    assert.equal(row.totalSteps, 20);
    assert.equal(row.finalTrials, 10);
  }
  const text = formatTimeToSuccess(report);
  assert.match(text, /held-out evaluation of 10 trials every 5 steps/);
  assert.match(text, /small-gru/);
});

test('time to success when unreachable', async () => {
  const report = await timeToSuccess({
    experimentFile: experimentFile(10),
    targetSuccess: 1.5,
    implementation: 'typescript',
  });
  for (const row of report.models) {
    assert.equal(row.step, null);
    assert.equal(row.seconds, null);
  }
  assert.match(formatTimeToSuccess(report), /not reached/);
});

test('time to success needs evaluations', async () => {
  await assert.rejects(
    timeToSuccess({
      experimentFile: experimentFile(0),
      targetSuccess: 0.95,
      implementation: 'typescript',
    }),
    /training\.evaluateEvery is 0/,
  );
});
