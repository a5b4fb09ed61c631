import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Random } from '../../src/engine/random.js';

test('same seed gives the same stream', () => {
  const a = new Random(42);
  const b = new Random(42);
  for (let i = 0; i < 1000; i++) assert.equal(a.nextUint32(), b.nextUint32());
});

test('different seeds give different streams', () => {
  const a = new Random(1);
  const b = new Random(2);
  const same = Array.from({ length: 100 }, () => a.nextUint32() === b.nextUint32()).filter(Boolean);
  assert.ok(same.length < 3);
});

test('uniform draws lie in [0, 1) with mean near 1/2', () => {
  const random = new Random(7);
  let sum = 0;
  for (let i = 0; i < 100000; i++) {
    const u = random.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / 100000 - 0.5) < 0.005);
});

test('normal draws have mean 0 and variance 1', () => {
  const random = new Random(11);
  let sum = 0;
  let sumSquares = 0;
  const n = 200000;
  for (let i = 0; i < n; i++) {
    const z = random.normal();
    sum += z;
    sumSquares += z * z;
  }
  assert.ok(Math.abs(sum / n) < 0.01);
  assert.ok(Math.abs(sumSquares / n - 1) < 0.02);
});

test('integer rejects a non-positive bound', () => {
  assert.throws(() => new Random(1).integer(0), /positive integer/);
});
