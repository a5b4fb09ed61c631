import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createReferenceKernels } from '../../src/engine/kernels/reference.js';
import { Adam } from '../../src/engine/optim/adam.js';
import {
  clipGradNorm,
  gradientNorm,
  type OptimizerTarget,
} from '../../src/engine/optim/optimizer.js';
import { Sgd } from '../../src/engine/optim/sgd.js';

/** Creates a float64 parameter block with fixed gradients. */
function makeTarget(params: number[], grads: number[]): OptimizerTarget & { read(): number[] } {
  const kernels = createReferenceKernels('float64');
  const offset = kernels.alloc(params.length);
  const gradientOffset = kernels.alloc(params.length);
  kernels.data.set(params, offset);
  kernels.data.set(grads, gradientOffset);
  return {
    kernels,
    parameterBlock: { offset, gradientOffset, size: params.length },
    read: () => Array.from(kernels.data.subarray(offset, offset + params.length)),
  };
}

function assertNear(actual: number, expected: number, label: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${label}: ${actual} vs ${expected}`);
}

describe('Adam', () => {
  it('takes three steps as torch.optim.Adam does', () => {
    const target = makeTarget([1, -0.5], [0.2, -0.4]);
    const adam = new Adam(target, { lr: 0.1 });
    // Hand computation with a constant gradient g: m_t = (1 - 0.9^t) g and
    // v_t = (1 - 0.999^t) g^2, so the bias-corrected step is lr g / (|g| + eps) each time.
    for (let step = 1; step <= 3; step++) {
      adam.step();
      const expected = [
        1 - step * 0.1 * (0.2 / (0.2 + 1e-8)),
        -0.5 + step * 0.1 * (0.4 / (0.4 + 1e-8)),
      ];
      const actual = target.read();
      assertNear(actual[0], expected[0], `param[0] after step ${step}`);
      assertNear(actual[1], expected[1], `param[1] after step ${step}`);
    }
    assert.equal(adam.stepCount, 3);
  });

  it('applies L2 weight decay to the gradient', () => {
    const target = makeTarget([2], [0]);
    const adam = new Adam(target, { lr: 0.01, weightDecay: 0.5, betas: [0.5, 0.9], eps: 0 });
    adam.step();
    // g = 0 + 0.5 * 2 = 1: m = 0.5, v = 0.1, corrected m = 1, v = 1, step 0.01.
    assertNear(target.read()[0], 1.99, 'param');
  });

  it('rejects invalid hyperparameters', () => {
    const target = makeTarget([1], [1]);
    assert.throws(() => new Adam(target, { lr: -1 }), /lr: expected a finite number at least 0/);
    assert.throws(() => new Adam(target, { betas: [1.5, 0.9] }), /betas\[0\]: .* in \[0, 1\)/);
  });

  it('rejects betas of 1 as PyTorch does', () => {
    const target = makeTarget([1], [1]);
    assert.throws(() => new Adam(target, { betas: [1, 0.999] }), /betas\[0\]: .* in \[0, 1\), got 1$/);
    assert.throws(() => new Adam(target, { betas: [0.9, 1] }), /betas\[1\]: .* in \[0, 1\), got 1$/);
  });
});

describe('SGD', () => {
  it('plain steps subtract lr times the gradient', () => {
    const target = makeTarget([1, 2], [0.5, -1]);
    const sgd = new Sgd(target, { lr: 0.1 });
    sgd.step();
    sgd.step();
    const [a, b] = target.read();
    assertNear(a, 0.9, 'param[0]');
    assertNear(b, 2.2, 'param[1]');
  });

  it('momentum with dampening follows torch.optim.SGD', () => {
    const target = makeTarget([0], [1]);
    const sgd = new Sgd(target, { lr: 0.1, momentum: 0.9, dampening: 0.5 });
    // buf_1 = 1, buf_2 = 0.9 + 0.5 = 1.4, buf_3 = 1.26 + 0.5 = 1.76.
    let expected = 0;
    for (const buffer of [1, 1.4, 1.76]) {
      sgd.step();
      expected -= 0.1 * buffer;
      assertNear(target.read()[0], expected, `param after buffer ${buffer}`);
    }
  });

  it('Nesterov momentum adds momentum times the buffer', () => {
    const target = makeTarget([0], [1]);
    const sgd = new Sgd(target, { lr: 0.1, momentum: 0.5, nesterov: true, weightDecay: 0 });
    sgd.step();
    // buf = 1, g = 1 + 0.5 * 1 = 1.5.
    assertNear(target.read()[0], -0.15, 'param after step 1');
    sgd.step();
    // buf = 0.5 + 1 = 1.5, g = 1 + 0.75 = 1.75.
    assertNear(target.read()[0], -0.15 - 0.175, 'param after step 2');
  });

  it('rejects Nesterov without momentum', () => {
    const target = makeTarget([0], [1]);
    assert.throws(() => new Sgd(target, { lr: 0.1, nesterov: true }), /Nesterov momentum requires/);
  });
});

describe('clipGradNorm', () => {
  it('scales gradients above the maximum norm and returns the norm', () => {
    const target = makeTarget([0, 0], [3, 4]);
    const norm = clipGradNorm(target, 1);
    assert.equal(norm, 5);
    const scaled = gradientNorm(target);
    assert.ok(Math.abs(scaled - 5 / (5 + 1e-6)) < 1e-12, `norm after clipping ${scaled}`);
  });

  it('leaves gradients below the maximum norm alone', () => {
    const target = makeTarget([0, 0], [3, 4]);
    assert.equal(clipGradNorm(target, 10), 5);
    assert.equal(gradientNorm(target), 5);
  });

  it('rejects a non-positive maximum', () => {
    assert.throws(() => clipGradNorm(makeTarget([0], [1]), 0), /maxNorm must be positive/);
  });
});
