/**
 * One-step map of PyTorch's `torch.nn.LSTM` (one layer), on the state x = [h; c] of size 2H:
 *
 *   a = W_ih u + b_ih + W_hh h + b_hh,   gates in PyTorch's order (i, f, g, o), each H,
 *   i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o),
 *   c' = f * c + i * g,   h' = o * tanh(c').
 *
 * Jacobian blocks, with s(y) = y (1 - y) the sigmoid derivative and W_x the gate's H x H block:
 *
 *   dc'/dh = diag(g s(i)) W_i + diag(c s(f)) W_f + diag(i (1 - g^2)) W_g,   dc'/dc = diag(f),
 *   dh'/dh = diag(tanh(c') s(o)) W_o + diag(o (1 - tanh^2 c')) dc'/dh,
 *   dh'/dc = diag(o (1 - tanh^2 c') f).
 *
 * Shapes: W_ih (4H, I), W_hh (4H, H), b_ih and b_hh (4H).
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

/** Builds the map of an LSTM on the state [h; c]. */
export function lstmMap(stateDict: StateDict): CellMap {
  const [G] = parameterShape(stateDict, 'rnn.weight_hh_l0');
  const H = G / 4;
  if (!Number.isInteger(H)) {
    throw new Error(`LSTM weight 'rnn.weight_hh_l0' has ${G} rows, expected 4H`);
  }
  const [, I] = parameterShape(stateDict, 'rnn.weight_ih_l0');
  const weightIh = matrixParameter(stateDict, 'rnn.weight_ih_l0', 4 * H, I);
  const weightHh = matrixParameter(stateDict, 'rnn.weight_hh_l0', 4 * H, H);
  const biasIh = vectorParameter(stateDict, 'rnn.bias_ih_l0', 4 * H);
  const biasHh = vectorParameter(stateDict, 'rnn.bias_hh_l0', 4 * H);

  const a = new Float64Array(4 * H);
  const inputGate = new Float64Array(H);
  const forgetGate = new Float64Array(H);
  const cellCandidate = new Float64Array(H);
  const outputGate = new Float64Array(H);
  const nextCell = new Float64Array(H);
  const tanhNextCell = new Float64Array(H);
  const cotangent = new Float64Array(4 * H);

  function forward(x: Float64Array, u: Float64Array): void {
    const h = x.subarray(0, H);
    matrixVector(weightIh, 4 * H, I, u, a);
    matrixVector(weightHh, 4 * H, H, h, a, true);
    for (let k = 0; k < 4 * H; k++) a[k] += biasIh[k] + biasHh[k];
    for (let k = 0; k < H; k++) {
      inputGate[k] = sigmoid(a[k]);
      forgetGate[k] = sigmoid(a[H + k]);
      cellCandidate[k] = Math.tanh(a[2 * H + k]);
      outputGate[k] = sigmoid(a[3 * H + k]);
      nextCell[k] = forgetGate[k] * x[H + k] + inputGate[k] * cellCandidate[k];
      tanhNextCell[k] = Math.tanh(nextCell[k]);
    }
  }

  return {
    cell: 'lstm',
    stateSize: 2 * H,
    inputSize: I,
    step(x, u, out) {
      forward(x, u);
      for (let k = 0; k < H; k++) {
        out[k] = outputGate[k] * tanhNextCell[k];
        out[H + k] = nextCell[k];
      }
    },
    jacobian(x, u, out) {
      forward(x, u);
      const S = 2 * H;
      out.fill(0);
      for (let k = 0; k < H; k++) {
        const c = x[H + k];
        const i = inputGate[k];
        const f = forgetGate[k];
        const g = cellCandidate[k];
        const o = outputGate[k];
        const dCellDInput = g * i * (1 - i);
        const dCellDForget = c * f * (1 - f);
        const dCellDCandidate = i * (1 - g * g);
        const dHiddenDOutput = tanhNextCell[k] * o * (1 - o);
        const dHiddenDCell = o * (1 - tanhNextCell[k] * tanhNextCell[k]);

        for (let j = 0; j < H; j++) {
          const dCellDh =
            dCellDInput * weightHh[k * H + j] +
            dCellDForget * weightHh[(H + k) * H + j] +
            dCellDCandidate * weightHh[(2 * H + k) * H + j];
          out[(H + k) * S + j] = dCellDh;
          out[k * S + j] = dHiddenDOutput * weightHh[(3 * H + k) * H + j] + dHiddenDCell * dCellDh;
        }
        out[(H + k) * S + H + k] = f;
        out[k * S + H + k] = dHiddenDCell * f;
      }
    },
    transposeProduct(x, u, v, out) {
      forward(x, u);
      out.fill(0);
      for (let k = 0; k < H; k++) {
        const c = x[H + k];
        const i = inputGate[k];
        const f = forgetGate[k];
        const g = cellCandidate[k];
        const o = outputGate[k];
        // Total cotangent on c', through c' itself and through h' = o tanh(c').
        const cellCotangent = v[H + k] + v[k] * o * (1 - tanhNextCell[k] * tanhNextCell[k]);
        cotangent[k] = cellCotangent * g * i * (1 - i);
        cotangent[H + k] = cellCotangent * c * f * (1 - f);
        cotangent[2 * H + k] = cellCotangent * i * (1 - g * g);
        cotangent[3 * H + k] = v[k] * tanhNextCell[k] * o * (1 - o);
        out[H + k] = cellCotangent * f;
      }
      addTransposeProduct(weightHh, 4 * H, H, cotangent, out.subarray(0, H));
    },
  };
}
