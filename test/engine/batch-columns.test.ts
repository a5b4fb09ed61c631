import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sliceBatchColumns, splitColumns } from '../../src/engine/batch-columns.js';
import type { Batch } from '../../src/engine/network.js';

const SEQ_LEN = 3;
const BATCH = 5;
const INPUTS = 2;

/** Returns a batch whose every value encodes its (t, b, i) position, so moves are visible. */
function labelledBatch(): Batch {
  const inputs = new Float32Array(SEQ_LEN * BATCH * INPUTS);
  const targets = new Float32Array(SEQ_LEN * BATCH);
  const mask = new Float32Array(SEQ_LEN * BATCH);
  for (let t = 0; t < SEQ_LEN; t++) {
    for (let b = 0; b < BATCH; b++) {
      targets[t * BATCH + b] = 10 * t + b;
      mask[t * BATCH + b] = 100 + 10 * t + b;
      for (let i = 0; i < INPUTS; i++) inputs[(t * BATCH + b) * INPUTS + i] = 100 * t + 10 * b + i;
    }
  }
  return { seqLen: SEQ_LEN, batchSize: BATCH, inputs, targets, mask };
}

test('sliceBatchColumns keeps each column', () => {
  const slice = sliceBatchColumns(labelledBatch(), 2, 4);
  assert.equal(slice.batchSize, 2);
  assert.equal(slice.seqLen, SEQ_LEN);
  for (let t = 0; t < SEQ_LEN; t++) {
    for (let b = 0; b < 2; b++) {
      const column = 2 + b;
      assert.equal(slice.targets[t * 2 + b], 10 * t + column, `target t=${t} b=${b}`);
      assert.equal(slice.mask?.[t * 2 + b], 100 + 10 * t + column, `mask t=${t} b=${b}`);
      for (let i = 0; i < INPUTS; i++) {
        const actual = slice.inputs[(t * 2 + b) * INPUTS + i];
        assert.equal(actual, 100 * t + 10 * column + i, `input t=${t} b=${b} i=${i}`);
      }
    }
  }
});

test('sliceBatchColumns rejects empty and outside ranges', () => {
  const batch = labelledBatch();
  assert.throws(() => sliceBatchColumns(batch, 3, 3), RangeError);
  assert.throws(() => sliceBatchColumns(batch, 0, 6), RangeError);
  assert.throws(() => sliceBatchColumns(batch, -1, 2), RangeError);
});

test('splitColumns covers the batch evenly', () => {
  assert.deepEqual(splitColumns(16, 2), [
    [0, 8],
    [8, 16],
  ]);
  assert.deepEqual(splitColumns(5, 3), [
    [0, 2],
    [2, 4],
    [4, 5],
  ]);
  assert.deepEqual(splitColumns(4, 1), [[0, 4]]);
});

test('splitColumns rejects impossible splits', () => {
  assert.throws(() => splitColumns(4, 5), /cannot split 4 batch columns into 5 parts/);
  assert.throws(() => splitColumns(4, 0), RangeError);
  assert.throws(() => splitColumns(4, 1.5), RangeError);
});
