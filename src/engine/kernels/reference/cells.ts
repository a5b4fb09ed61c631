import { Activation, type Real } from '../kernels.js';
import { activate, activationDerivative, sigmoid } from './activations.js';

// Fused per-step kernels of the recurrent cells. Each forward kernel is followed by its backward
// kernel, with the same names: a quantity q and its gradient dq. Shapes are (rows, cols) of
// row-major matrices, given as element offsets into `data`.

/** h = act(pre) for n = batch * hidden elements. */
export function rnnForward(
  data: Real,
  n: number,
  activation: Activation,
  pre: number,
  h: number,
): void {
  if (activation === Activation.Softplus) {
    throw new RangeError('rnnForward supports the tanh and relu activations only');
  }
  for (let i = 0; i < n; i++) data[h + i] = activate(activation, data[pre + i]);
}

/** dpre = dh act'(pre), with act' read from the output h (relu: h > 0 exactly when pre > 0). */
export function rnnBackward(
  data: Real,
  n: number,
  activation: Activation,
  h: number,
  dh: number,
  dpre: number,
): void {
  if (activation === Activation.Softplus) {
    throw new RangeError('rnnBackward supports the tanh and relu activations only');
  }
  for (let i = 0; i < n; i++) {
    const hi = data[h + i];
    data[dpre + i] = data[dh + i] * activationDerivative(activation, hi, hi);
  }
}

/**
 * LSTM step, gates (batch, 4 hidden) in the order i, f, g, o:
 * i = sigmoid, f = sigmoid, g = tanh, o = sigmoid of the pre-activations (overwritten),
 * c = f c_prev + i g, h = o tanh(c).
 */
export function lstmForward(
  data: Real,
  batch: number,
  hidden: number,
  gates: number,
  cPrev: number,
  c: number,
  h: number,
): void {
  for (let b = 0; b < batch; b++) {
    const row = gates + b * 4 * hidden;
    const state = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const inputGate = sigmoid(data[row + j]);
      const forgetGate = sigmoid(data[row + hidden + j]);
      const cellGate = Math.tanh(data[row + 2 * hidden + j]);
      const outputGate = sigmoid(data[row + 3 * hidden + j]);
      data[row + j] = inputGate;
      data[row + hidden + j] = forgetGate;
      data[row + 2 * hidden + j] = cellGate;
      data[row + 3 * hidden + j] = outputGate;

      const cell = forgetGate * data[cPrev + state + j] + inputGate * cellGate;
      data[c + state + j] = cell;
      data[h + state + j] = outputGate * Math.tanh(cell);
    }
  }
}

/**
 * LSTM step backward. With dc the gradient from the next step on entry:
 * dc_total = dc + dh o (1 - tanh(c)^2), do = dh tanh(c), di = dc_total g, df = dc_total c_prev,
 * dg = dc_total i, and dc_prev = dc_total f (written to dc). The pre-activation gradients are
 * di i (1 - i), df f (1 - f), dg (1 - g^2) and do o (1 - o).
 */
export function lstmBackward(
  data: Real,
  batch: number,
  hidden: number,
  gates: number,
  cPrev: number,
  c: number,
  dh: number,
  dc: number,
  dgates: number,
): void {
  for (let b = 0; b < batch; b++) {
    const row = gates + b * 4 * hidden;
    const drow = dgates + b * 4 * hidden;
    const state = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const inputGate = data[row + j];
      const forgetGate = data[row + hidden + j];
      const cellGate = data[row + 2 * hidden + j];
      const outputGate = data[row + 3 * hidden + j];
      const tanhCell = Math.tanh(data[c + state + j]);
      const dhj = data[dh + state + j];

      const dcTotal = data[dc + state + j] + dhj * outputGate * (1 - tanhCell * tanhCell);
      const dOutputGate = dhj * tanhCell;
      const dInputGate = dcTotal * cellGate;
      const dForgetGate = dcTotal * data[cPrev + state + j];
      const dCellGate = dcTotal * inputGate;
      data[dc + state + j] = dcTotal * forgetGate;

      data[drow + j] = dInputGate * inputGate * (1 - inputGate);
      data[drow + hidden + j] = dForgetGate * forgetGate * (1 - forgetGate);
      data[drow + 2 * hidden + j] = dCellGate * (1 - cellGate * cellGate);
      data[drow + 3 * hidden + j] = dOutputGate * outputGate * (1 - outputGate);
    }
  }
}

/**
 * GRU step, gates in the order r, z, n, with gi = W_ih x + b_ih and gh = W_hh h_prev + b_hh
 * (batch, 3 hidden): r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z),
 * n = tanh(gi_n + r gh_n), h = (1 - z) n + z h_prev. Stores r, z, n in gates.
 */
export function gruForward(
  data: Real,
  batch: number,
  hidden: number,
  gi: number,
  gh: number,
  hPrev: number,
  gates: number,
  h: number,
): void {
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * hidden;
    const state = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const resetGate = sigmoid(data[gi + row + j] + data[gh + row + j]);
      const updateGate = sigmoid(data[gi + row + hidden + j] + data[gh + row + hidden + j]);
      const newGate = Math.tanh(
        data[gi + row + 2 * hidden + j] + resetGate * data[gh + row + 2 * hidden + j],
      );
      data[gates + row + j] = resetGate;
      data[gates + row + hidden + j] = updateGate;
      data[gates + row + 2 * hidden + j] = newGate;
      data[h + state + j] = (1 - updateGate) * newGate + updateGate * data[hPrev + state + j];
    }
  }
}

/**
 * GRU step backward: dn = dh (1 - z), dz = dh (h_prev - n), dn_pre = dn (1 - n^2),
 * dr = dn_pre gh_n. Then dgi = (dr r (1 - r), dz z (1 - z), dn_pre),
 * dgh = (dr r (1 - r), dz z (1 - z), dn_pre r), and dh_prev = dh z (the direct part only).
 */
export function gruBackward(
  data: Real,
  batch: number,
  hidden: number,
  gates: number,
  gh: number,
  hPrev: number,
  dh: number,
  dgi: number,
  dgh: number,
  dhPrev: number,
): void {
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * hidden;
    const state = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const resetGate = data[gates + row + j];
      const updateGate = data[gates + row + hidden + j];
      const newGate = data[gates + row + 2 * hidden + j];
      const dhj = data[dh + state + j];

      const dNewGate = dhj * (1 - updateGate);
      const dUpdateGate = dhj * (data[hPrev + state + j] - newGate);
      const dNewPre = dNewGate * (1 - newGate * newGate);
      const dResetGate = dNewPre * data[gh + row + 2 * hidden + j];
      const dResetPre = dResetGate * resetGate * (1 - resetGate);
      const dUpdatePre = dUpdateGate * updateGate * (1 - updateGate);

      data[dgi + row + j] = dResetPre;
      data[dgi + row + hidden + j] = dUpdatePre;
      data[dgi + row + 2 * hidden + j] = dNewPre;
      data[dgh + row + j] = dResetPre;
      data[dgh + row + hidden + j] = dUpdatePre;
      data[dgh + row + 2 * hidden + j] = dNewPre * resetGate;
      data[dhPrev + state + j] = dhj * updateGate;
    }
  }
}

/** x = (1 - a) x_prev + a pre + noise, r = act(x), where noise = -1 means none. */
export function leakyForward(
  data: Real,
  n: number,
  activation: Activation,
  alpha: number,
  xPrev: number,
  pre: number,
  noise: number,
  x: number,
  r: number,
): void {
  const leak = 1 - alpha;
  for (let i = 0; i < n; i++) {
    let xi = leak * data[xPrev + i] + alpha * data[pre + i];
    if (noise >= 0) xi += data[noise + i];
    data[x + i] = xi;
    data[r + i] = activate(activation, xi);
  }
}

/** g = dx + dr act'(x), dpre = a g, dx = (1 - a) g (the gradient for x_prev). */
export function leakyBackward(
  data: Real,
  n: number,
  activation: Activation,
  alpha: number,
  x: number,
  r: number,
  dr: number,
  dx: number,
  dpre: number,
): void {
  const leak = 1 - alpha;
  for (let i = 0; i < n; i++) {
    const slope = activationDerivative(activation, data[x + i], data[r + i]);
    const g = data[dx + i] + data[dr + i] * slope;
    data[dpre + i] = alpha * g;
    data[dx + i] = leak * g;
  }
}
