/**
 * One-step map of PyTorch's `torch.nn.RNN` (one layer):
 *
 *   h' = phi(W_ih u + b_ih + W_hh h + b_hh),   phi = tanh or relu,
 *   J = dh'/dh = diag(phi'(a)) W_hh,   with a the pre-activation,
 *
 * where tanh'(a) = 1 - h'^2 and relu'(a) = 1 for a > 0, else 0.
 * Shapes: W_ih (H, I), W_hh (H, H), b_ih and b_hh (H).
 */
import type { StateDict } from '../types.js';
import {
  addTransposeProduct,
  matrixParameter,
  matrixVector,
  parameterShape,
  vectorParameter,
  type CellMap,
} from './cell-map.js';

/** Builds the map of a vanilla RNN with tanh (`'rnn'`) or relu (`'rnn-relu'`). */
export function rnnMap(stateDict: StateDict, nonlinearity: 'tanh' | 'relu'): CellMap {
  const [H] = parameterShape(stateDict, 'rnn.weight_hh_l0');
  const [, I] = parameterShape(stateDict, 'rnn.weight_ih_l0');
  const weightIh = matrixParameter(stateDict, 'rnn.weight_ih_l0', H, I);
  const weightHh = matrixParameter(stateDict, 'rnn.weight_hh_l0', H, H);
  const biasIh = vectorParameter(stateDict, 'rnn.bias_ih_l0', H);
  const biasHh = vectorParameter(stateDict, 'rnn.bias_hh_l0', H);
  const preActivation = new Float64Array(H);
  const derivative = new Float64Array(H);
  const scaled = new Float64Array(H);

  // Computes the pre-activation a and phi'(a) for the current (h, u).
  function forward(h: Float64Array, u: Float64Array): void {
    matrixVector(weightIh, H, I, u, preActivation);
    matrixVector(weightHh, H, H, h, preActivation, true);
    for (let k = 0; k < H; k++) {
      preActivation[k] += biasIh[k] + biasHh[k];
      if (nonlinearity === 'tanh') {
        const value = Math.tanh(preActivation[k]);
        derivative[k] = 1 - value * value;
      } else {
        derivative[k] = preActivation[k] > 0 ? 1 : 0;
      }
    }
  }

  return {
    cell: nonlinearity === 'tanh' ? 'rnn' : 'rnn-relu',
    stateSize: H,
    inputSize: I,
    step(h, u, out) {
      forward(h, u);
      for (let k = 0; k < H; k++) {
        const a = preActivation[k];
        out[k] = nonlinearity === 'tanh' ? Math.tanh(a) : Math.max(a, 0);
      }
    },
    jacobian(h, u, out) {
      forward(h, u);
      for (let k = 0; k < H; k++) {
        for (let j = 0; j < H; j++) out[k * H + j] = derivative[k] * weightHh[k * H + j];
      }
    },
    transposeProduct(h, u, v, out) {
      forward(h, u);
      for (let k = 0; k < H; k++) scaled[k] = derivative[k] * v[k];
      out.fill(0);
      addTransposeProduct(weightHh, H, H, scaled, out);
    },
  };
}
