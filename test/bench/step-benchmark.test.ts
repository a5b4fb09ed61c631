import assert from 'node:assert/strict';
import { test } from 'node:test';

import { findPyTorch, probePyTorch, pythonInterpreter } from '../../src/bench/pytorch.js';
import { runStepBenchmark, timeRnnlabStep } from '../../src/bench/step-benchmark.js';
import { formatStepReport } from '../../src/bench/step-report.js';
import { formatTable } from '../../src/bench/table.js';
import { summarizeTimes, timeRepeated } from '../../src/bench/timing.js';

const TINY = { batchSize: 2, sequenceLength: 5, inputSize: 3, hiddenSize: 4, outputSize: 2 };
const QUICK = { warmup: 1, minRepeats: 3, maxRepeats: 3, minTotalMs: 0 };

test('summarizeTimes gives median and quartiles', () => {
  const summary = summarizeTimes([5, 1, 4, 2, 3]);
  assert.equal(summary.repeats, 5);
  assert.equal(summary.medianMs, 3);
  assert.equal(summary.q1Ms, 2);
  assert.equal(summary.q3Ms, 4);
  assert.equal(summary.minMs, 1);
  assert.equal(summary.maxMs, 5);
  assert.equal(summarizeTimes([1, 2]).medianMs, 1.5);
  assert.equal(summarizeTimes([1, 2]).q1Ms, 1.25);
  assert.throws(() => summarizeTimes([]), /empty list/);
});

test('timeRepeated warms up, then meets the minimum', () => {
  let calls = 0;
  const times = timeRepeated(() => calls++, { ...QUICK, minRepeats: 4, maxRepeats: 10 });
  assert.equal(times.length, 4);
  assert.equal(calls, 5);

  const endless = { warmup: 0, minRepeats: 1, maxRepeats: 7, minTotalMs: 1e9 };
  const capped = timeRepeated(() => {}, endless);
  assert.equal(capped.length, 7);
});

test('formatTable pads and aligns columns', () => {
  const table = formatTable(
    [
      { heading: 'cell', align: 'left', value: (row: [string, number]) => row[0] },
      { heading: 'ms', align: 'right', value: (row: [string, number]) => String(row[1]) },
    ],
    [
      ['lstm', 12.5],
      ['rnn', 3],
    ],
  );
  assert.equal(table, ['cell    ms', '----  ----', 'lstm  12.5', 'rnn      3'].join('\n'));
});

test('pythonInterpreter honours RNNLAB_PYTHON', () => {
  const configured = pythonInterpreter({ RNNLAB_PYTHON: '/opt/torch/bin/python' });
  assert.equal(configured, '/opt/torch/bin/python');
  assert.equal(pythonInterpreter({ RNNLAB_PYTHON: '  ' }), 'python3');
  assert.equal(pythonInterpreter({}), 'python3');
});

test('probePyTorch reports a missing interpreter', () => {
  const probe = probePyTorch('rnnlab-no-such-python');
  assert.equal(probe.found, false);
  if (!probe.found) assert.match(probe.reason, /failed to run rnnlab-no-such-python/);
});

test('findPyTorch tries only RNNLAB_PYTHON when set', () => {
  const probe = findPyTorch({ RNNLAB_PYTHON: 'rnnlab-no-such-python' });
  assert.equal(probe.found, false);
  assert.equal(probe.python, 'rnnlab-no-such-python');
  if (!probe.found) assert.doesNotMatch(probe.reason, /;/);
});

test('timeRnnlabStep times a small step', async () => {
  const result = await timeRnnlabStep({ cell: 'gru', ...TINY }, 'typescript', QUICK);
  assert.equal(result.kernels, 'typescript-float32');
  assert.equal(result.timing.repeats, 3);
  assert.ok(result.timing.medianMs > 0);
});

test('step report without PyTorch says how to add it', async () => {
  const report = await runStepBenchmark({
    sizes: TINY,
    cells: ['rnn', 'lstm'],
    implementation: 'typescript',
    timing: QUICK,
    comparePyTorch: false,
    pytorchRepeats: 1,
  });
  assert.deepEqual(
    report.results.map((result) => result.stepCase.cell),
    ['rnn', 'lstm'],
  );
  assert.equal(report.results[0].pytorch, null);
  assert.equal(report.results[0].ratio, null);
  assert.ok(report.peakResidentBytes > 1024 * 1024);

  const text = formatStepReport(report);
  assert.match(text, /batch 2, 5 steps, 3 inputs, hidden 4, 2 outputs/);
  assert.match(text, /PyTorch: not requested/);
  assert.match(text, /^lstm +typescript-float32 /m);
  assert.match(text, /Peak memory \(RSS high-water mark\): rnnlab \d+ MiB$/);

  const missing = formatStepReport({
    ...report,
    pytorch: { found: false, python: 'python3', reason: 'python3 has no torch module' },
  });
  assert.match(missing, /PyTorch: not found \(python3 has no torch module\)\./);
  assert.match(missing, /To compare, set RNNLAB_PYTHON to a Python interpreter that has PyTorch/);
});
