/**
 * One-step map of PyTorch's `torch.nn.GRU` (one layer), gates in PyTorch's order (r, z, n):
 *
 *   r = sigmoid(W_ir u + b_ir + W_hr h + b_hr),   z = sigmoid(W_iz u + b_iz + W_hz h + b_hz),
 *   n = tanh(W_in u + b_in + r * (W_hn h + b_hn)),   h' = (1 - z) * n + z * h.
 *
 * Jacobian, with s(y) = y (1 - y) the sigmoid derivative:
 *
 *   dr/dh = diag(s(r)) W_hr,   dz/dh = diag(s(z)) W_hz,
 *   dn/dh = diag(1 - n^2) (diag(W_hn h + b_hn) dr/dh + diag(r) W_hn),
 *   dh'/dh = diag(z) + diag(h - n) dz/dh + diag(1 - z) dn/dh.
 *
 * Shapes: W_ih (3H, I), W_hh (3H, H), b_ih and b_hh (3H).
 */
import type { StateDict } from '../types.js';
import {
  addTransposeProduct,
  matrixParameter,
  matrixVector,
  parameterShape,
  sigmoid,
  vectorParameter,
  type CellMap,
} from './cell-map.js';

/** Builds the map of a GRU. */
export function gruMap(stateDict: StateDict): CellMap {
  const [G] = parameterShape(stateDict, 'rnn.weight_hh_l0');
  const H = G / 3;
  if (!Number.isInteger(H)) {
    throw new Error(`GRU weight 'rnn.weight_hh_l0' has ${G} rows, expected 3H`);
  }
  const [, I] = parameterShape(stateDict, 'rnn.weight_ih_l0');
  const weightIh = matrixParameter(stateDict, 'rnn.weight_ih_l0', 3 * H, I);
  const weightHh = matrixParameter(stateDict, 'rnn.weight_hh_l0', 3 * H, H);
  const biasIh = vectorParameter(stateDict, 'rnn.bias_ih_l0', 3 * H);
  const biasHh = vectorParameter(stateDict, 'rnn.bias_hh_l0', 3 * H);

  const inputPart = new Float64Array(3 * H);
  const hiddenPart = new Float64Array(3 * H);
  const resetGate = new Float64Array(H);
  const updateGate = new Float64Array(H);
  const candidate = new Float64Array(H);
  const resetCotangent = new Float64Array(H);
  const updateCotangent = new Float64Array(H);
  const candidateCotangent = new Float64Array(H);

  function forward(h: Float64Array, u: Float64Array): void {
    matrixVector(weightIh, 3 * H, I, u, inputPart);
    matrixVector(weightHh, 3 * H, H, h, hiddenPart);
    for (let k = 0; k < 3 * H; k++) {
      inputPart[k] += biasIh[k];
      hiddenPart[k] += biasHh[k];
    }
    for (let k = 0; k < H; k++) {
      resetGate[k] = sigmoid(inputPart[k] + hiddenPart[k]);
      updateGate[k] = sigmoid(inputPart[H + k] + hiddenPart[H + k]);
      candidate[k] = Math.tanh(inputPart[2 * H + k] + resetGate[k] * hiddenPart[2 * H + k]);
    }
  }

  return {
    cell: 'gru',
    stateSize: H,
    inputSize: I,
    step(h, u, out) {
      forward(h, u);
      for (let k = 0; k < H; k++) {
        out[k] = (1 - updateGate[k]) * candidate[k] + updateGate[k] * h[k];
      }
    },
    jacobian(h, u, out) {
      forward(h, u);
      for (let k = 0; k < H; k++) {
        const r = resetGate[k];
        const z = updateGate[k];
        const n = candidate[k];
        const dUpdate = (h[k] - n) * z * (1 - z);
        const dCandidate = (1 - z) * (1 - n * n);
        const dReset = dCandidate * hiddenPart[2 * H + k] * r * (1 - r);
        for (let j = 0; j < H; j++) {
          out[k * H + j] =
            dUpdate * weightHh[(H + k) * H + j] +
            dCandidate * r * weightHh[(2 * H + k) * H + j] +
            dReset * weightHh[k * H + j];
        }
        out[k * H + k] += z;
      }
    },
    transposeProduct(h, u, v, out) {
      forward(h, u);
      for (let k = 0; k < H; k++) {
        const r = resetGate[k];
        const z = updateGate[k];
        const n = candidate[k];
        const nCotangent = v[k] * (1 - z) * (1 - n * n);
        updateCotangent[k] = v[k] * (h[k] - n) * z * (1 - z);
        candidateCotangent[k] = nCotangent * r;
        resetCotangent[k] = nCotangent * hiddenPart[2 * H + k] * r * (1 - r);
        out[k] = z * v[k];
      }
      addTransposeProduct(weightHh, H, H, resetCotangent, out, 0);
      addTransposeProduct(weightHh, H, H, updateCotangent, out, H);
      addTransposeProduct(weightHh, H, H, candidateCotangent, out, 2 * H);
    },
  };
}
