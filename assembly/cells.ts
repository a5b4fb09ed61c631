// Fused per-step kernels of the recurrent cells, forward then backward for each cell, with the
// same equations as the TypeScript reference kernels. Each loop runs four hidden units at a time
// and finishes a row with single lanes through the same vector code, so every element gets the
// same arithmetic. Shapes are (rows, cols) of row-major float32 matrices at element offsets;
// inside a row, `g` is the byte size of one gate block (hidden elements) and `o` the byte offset
// of hidden unit j.

import { address, loadLanes, storeLanes } from './memory';
import {
  reluDerivativeLanes,
  reluLanes,
  sigmoid,
  sigmoidLanes,
  softplus,
  tanhLanes,
} from './math';

const TANH: i32 = 0;
const SOFTPLUS: i32 = 2;

// @ts-ignore: decorator
@inline
function activateLanes(activation: i32, x: v128): v128 {
  return activation == TANH ? tanhLanes(x) : reluLanes(x);
}

// @ts-ignore: decorator
@inline
function splat(x: f32): v128 {
  return f32x4.splat(x);
}

// ---- Vanilla RNN -----------------------------------------------------------------------------

/** h = act(pre) for n = batch * hidden elements; tanh (0) or relu (1). */
export function rnnForward(n: i32, activation: i32, pre: i32, h: i32): void {
  const ppre = address(pre);
  const ph = address(h);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(ph + o, activateLanes(activation, v128.load(ppre + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    v128.store32_lane(ph + o, activateLanes(activation, v128.load32_splat(ppre + o)), 0);
  }
}

// @ts-ignore: decorator
@inline
function rnnDerivativeLanes(activation: i32, h: v128): v128 {
  if (activation == TANH) return f32x4.sub(splat(1), f32x4.mul(h, h));
  return reluDerivativeLanes(h);
}

/** dpre = dh act'(pre), with act' read from the output h: 1 - h^2 for tanh, h > 0 for relu. */
export function rnnBackward(n: i32, activation: i32, h: i32, dh: i32, dpre: i32): void {
  const ph = address(h);
  const pdh = address(dh);
  const pdpre = address(dpre);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const derivative = rnnDerivativeLanes(activation, v128.load(ph + o));
    v128.store(pdpre + o, f32x4.mul(v128.load(pdh + o), derivative));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const derivative = rnnDerivativeLanes(activation, v128.load32_splat(ph + o));
    v128.store32_lane(pdpre + o, f32x4.mul(v128.load32_splat(pdh + o), derivative), 0);
  }
}

// ---- LSTM ------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function lstmForwardLanes(
  row: usize,
  g: usize,
  cPrev: usize,
  c: usize,
  h: usize,
  o: usize,
  full: bool,
): void {
  const gate = row + o;
  const inputGate = sigmoidLanes(loadLanes(gate, full));
  const forgetGate = sigmoidLanes(loadLanes(gate + g, full));
  const cellGate = tanhLanes(loadLanes(gate + 2 * g, full));
  const outputGate = sigmoidLanes(loadLanes(gate + 3 * g, full));
  storeLanes(gate, inputGate, full);
  storeLanes(gate + g, forgetGate, full);
  storeLanes(gate + 2 * g, cellGate, full);
  storeLanes(gate + 3 * g, outputGate, full);

  const previous = loadLanes(cPrev + o, full);
  const cell = f32x4.add(f32x4.mul(forgetGate, previous), f32x4.mul(inputGate, cellGate));
  storeLanes(c + o, cell, full);
  storeLanes(h + o, f32x4.mul(outputGate, tanhLanes(cell)), full);
}

/**
 * LSTM step in PyTorch's gate order (i, f, g, o): gates (batch, 4 hidden) contains the
 * pre-activations and is overwritten with i = sigmoid, f = sigmoid, g = tanh, o = sigmoid;
 * then c = f c_prev + i g and h = o tanh(c), with cPrev, c, h (batch, hidden).
 */
export function lstmForward(
  batch: i32,
  hidden: i32,
  gates: i32,
  cPrev: i32,
  c: i32,
  h: i32,
): void {
  const g = (<usize>hidden) << 2;
  for (let b = 0; b < batch; b++) {
    const row = address(gates + b * 4 * hidden);
    const state = b * hidden;
    const pcPrev = address(cPrev + state);
    const pc = address(c + state);
    const ph = address(h + state);
    let j = 0;
    for (; j + 4 <= hidden; j += 4) lstmForwardLanes(row, g, pcPrev, pc, ph, j << 2, true);
    for (; j < hidden; j++) lstmForwardLanes(row, g, pcPrev, pc, ph, j << 2, false);
  }
}

// @ts-ignore: decorator
@inline
function lstmBackwardLanes(
  row: usize,
  drow: usize,
  g: usize,
  cPrev: usize,
  c: usize,
  dh: usize,
  dc: usize,
  o: usize,
  full: bool,
): void {
  const one = splat(1);
  const gate = row + o;
  const dgate = drow + o;
  const inputGate = loadLanes(gate, full);
  const forgetGate = loadLanes(gate + g, full);
  const cellGate = loadLanes(gate + 2 * g, full);
  const outputGate = loadLanes(gate + 3 * g, full);
  const tanhCell = tanhLanes(loadLanes(c + o, full));
  const dhj = loadLanes(dh + o, full);

  // dc_total = dc + dh o (1 - tanh(c)^2), and dc_prev = dc_total f.
  const tanhSlope = f32x4.sub(one, f32x4.mul(tanhCell, tanhCell));
  const throughH = f32x4.mul(f32x4.mul(dhj, outputGate), tanhSlope);
  const dcTotal = f32x4.add(loadLanes(dc + o, full), throughH);
  const dOutputGate = f32x4.mul(dhj, tanhCell);
  const dInputGate = f32x4.mul(dcTotal, cellGate);
  const dForgetGate = f32x4.mul(dcTotal, loadLanes(cPrev + o, full));
  const dCellGate = f32x4.mul(dcTotal, inputGate);
  storeLanes(dc + o, f32x4.mul(dcTotal, forgetGate), full);

  const inputSlope = f32x4.mul(inputGate, f32x4.sub(one, inputGate));
  const forgetSlope = f32x4.mul(forgetGate, f32x4.sub(one, forgetGate));
  const cellSlope = f32x4.sub(one, f32x4.mul(cellGate, cellGate));
  const outputSlope = f32x4.mul(outputGate, f32x4.sub(one, outputGate));
  storeLanes(dgate, f32x4.mul(dInputGate, inputSlope), full);
  storeLanes(dgate + g, f32x4.mul(dForgetGate, forgetSlope), full);
  storeLanes(dgate + 2 * g, f32x4.mul(dCellGate, cellSlope), full);
  storeLanes(dgate + 3 * g, f32x4.mul(dOutputGate, outputSlope), full);
}

/**
 * LSTM step backward. With dc the gradient from the next step on entry:
 * dc_total = dc + dh o (1 - tanh(c)^2), do = dh tanh(c), di = dc_total g, df = dc_total c_prev,
 * dg = dc_total i, and dc_prev = dc_total f (written to dc). dgates (batch, 4 hidden) receives
 * the pre-activation gradients di i (1 - i), df f (1 - f), dg (1 - g^2) and do o (1 - o).
 */
export function lstmBackward(
  batch: i32,
  hidden: i32,
  gates: i32,
  cPrev: i32,
  c: i32,
  dh: i32,
  dc: i32,
  dgates: i32,
): void {
  const g = (<usize>hidden) << 2;
  for (let b = 0; b < batch; b++) {
    const row = address(gates + b * 4 * hidden);
    const drow = address(dgates + b * 4 * hidden);
    const state = b * hidden;
    const pcPrev = address(cPrev + state);
    const pc = address(c + state);
    const pdh = address(dh + state);
    const pdc = address(dc + state);
    let j = 0;
    for (; j + 4 <= hidden; j += 4) {
      lstmBackwardLanes(row, drow, g, pcPrev, pc, pdh, pdc, j << 2, true);
    }
    for (; j < hidden; j++) lstmBackwardLanes(row, drow, g, pcPrev, pc, pdh, pdc, j << 2, false);
  }
}

// ---- GRU -------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function gruForwardLanes(
  gi: usize,
  gh: usize,
  gates: usize,
  g: usize,
  hPrev: usize,
  h: usize,
  o: usize,
  full: bool,
): void {
  const resetGate = sigmoidLanes(f32x4.add(loadLanes(gi + o, full), loadLanes(gh + o, full)));
  const updatePre = f32x4.add(loadLanes(gi + g + o, full), loadLanes(gh + g + o, full));
  const updateGate = sigmoidLanes(updatePre);
  const newPre = f32x4.add(
    loadLanes(gi + 2 * g + o, full),
    f32x4.mul(resetGate, loadLanes(gh + 2 * g + o, full)),
  );
  const newGate = tanhLanes(newPre);
  storeLanes(gates + o, resetGate, full);
  storeLanes(gates + g + o, updateGate, full);
  storeLanes(gates + 2 * g + o, newGate, full);

  const keep = f32x4.mul(updateGate, loadLanes(hPrev + o, full));
  storeLanes(h + o, f32x4.add(f32x4.mul(f32x4.sub(splat(1), updateGate), newGate), keep), full);
}

/**
 * GRU step in PyTorch's gate order (r, z, n), with gi = W_ih x + b_ih and gh = W_hh h_prev + b_hh
 * (batch, 3 hidden): r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z),
 * n = tanh(gi_n + r gh_n), h = (1 - z) n + z h_prev. Stores r, z, n in gates; gh is unchanged.
 */
export function gruForward(
  batch: i32,
  hidden: i32,
  gi: i32,
  gh: i32,
  hPrev: i32,
  gates: i32,
  h: i32,
): void {
  const g = (<usize>hidden) << 2;
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * hidden;
    const state = b * hidden;
    const pgi = address(gi + row);
    const pgh = address(gh + row);
    const pgates = address(gates + row);
    const phPrev = address(hPrev + state);
    const ph = address(h + state);
    let j = 0;
    for (; j + 4 <= hidden; j += 4) {
      gruForwardLanes(pgi, pgh, pgates, g, phPrev, ph, j << 2, true);
    }
    for (; j < hidden; j++) gruForwardLanes(pgi, pgh, pgates, g, phPrev, ph, j << 2, false);
  }
}

// @ts-ignore: decorator
@inline
function gruBackwardLanes(
  gates: usize,
  gh: usize,
  g: usize,
  hPrev: usize,
  dh: usize,
  dgi: usize,
  dgh: usize,
  dhPrev: usize,
  o: usize,
  full: bool,
): void {
  const one = splat(1);
  const resetGate = loadLanes(gates + o, full);
  const updateGate = loadLanes(gates + g + o, full);
  const newGate = loadLanes(gates + 2 * g + o, full);
  const dhj = loadLanes(dh + o, full);

  // dn = dh (1 - z), dz = dh (h_prev - n), dn_pre = dn (1 - n^2), dr = dn_pre gh_n.
  const dNewGate = f32x4.mul(dhj, f32x4.sub(one, updateGate));
  const dUpdateGate = f32x4.mul(dhj, f32x4.sub(loadLanes(hPrev + o, full), newGate));
  const dNewPre = f32x4.mul(dNewGate, f32x4.sub(one, f32x4.mul(newGate, newGate)));
  const dResetGate = f32x4.mul(dNewPre, loadLanes(gh + 2 * g + o, full));
  const dResetPre = f32x4.mul(f32x4.mul(dResetGate, resetGate), f32x4.sub(one, resetGate));
  const dUpdatePre = f32x4.mul(f32x4.mul(dUpdateGate, updateGate), f32x4.sub(one, updateGate));

  storeLanes(dgi + o, dResetPre, full);
  storeLanes(dgi + g + o, dUpdatePre, full);
  storeLanes(dgi + 2 * g + o, dNewPre, full);
  storeLanes(dgh + o, dResetPre, full);
  storeLanes(dgh + g + o, dUpdatePre, full);
  storeLanes(dgh + 2 * g + o, f32x4.mul(dNewPre, resetGate), full);
  storeLanes(dhPrev + o, f32x4.mul(dhj, updateGate), full);
}

/**
 * GRU step backward: dn = dh (1 - z), dz = dh (h_prev - n), dn_pre = dn (1 - n^2),
 * dr = dn_pre gh_n. Writes dgi = (dr r (1 - r), dz z (1 - z), dn_pre),
 * dgh = (dr r (1 - r), dz z (1 - z), dn_pre r), and dh_prev = dh z (the direct part only).
 */
export function gruBackward(
  batch: i32,
  hidden: i32,
  gates: i32,
  gh: i32,
  hPrev: i32,
  dh: i32,
  dgi: i32,
  dgh: i32,
  dhPrev: i32,
): void {
  const g = (<usize>hidden) << 2;
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * hidden;
    const state = b * hidden;
    const pgates = address(gates + row);
    const pgh = address(gh + row);
    const phPrev = address(hPrev + state);
    const pdh = address(dh + state);
    const pdgi = address(dgi + row);
    const pdgh = address(dgh + row);
    const pdhPrev = address(dhPrev + state);
    let j = 0;
    for (; j + 4 <= hidden; j += 4) {
      gruBackwardLanes(pgates, pgh, g, phPrev, pdh, pdgi, pdgh, pdhPrev, j << 2, true);
    }
    for (; j < hidden; j++) {
      gruBackwardLanes(pgates, pgh, g, phPrev, pdh, pdgi, pdgh, pdhPrev, j << 2, false);
    }
  }
}

// ---- Leaky rate network ----------------------------------------------------------------------

/**
 * Leaky step: x = (1 - a) x_prev + a pre + noise, r = act(x) for n elements; `noise` < 0 means
 * none. Tanh and relu run four lanes at a time, softplus element by element in float64.
 */
export function leakyForward(
  n: i32,
  activation: i32,
  alphaDouble: f64,
  xPrev: i32,
  pre: i32,
  noise: i32,
  x: i32,
  r: i32,
): void {
  // 1 - a is rounded once from float64, as float32 kernels in JavaScript do.
  const alpha = <f32>alphaDouble;
  const leak = <f32>(1 - alphaDouble);
  const pxPrev = address(xPrev);
  const ppre = address(pre);
  const pnoise = address(noise);
  const px = address(x);
  const pr = address(r);
  const hasNoise = noise >= 0;
  let i = 0;
  if (activation != SOFTPLUS) {
    const va = splat(alpha);
    const vleak = splat(leak);
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      const leaked = f32x4.mul(vleak, v128.load(pxPrev + o));
      let xi = f32x4.add(leaked, f32x4.mul(va, v128.load(ppre + o)));
      if (hasNoise) xi = f32x4.add(xi, v128.load(pnoise + o));
      v128.store(px + o, xi);
      v128.store(pr + o, activateLanes(activation, xi));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    let xi: f32 = leak * load<f32>(pxPrev + o) + alpha * load<f32>(ppre + o);
    if (hasNoise) xi += load<f32>(pnoise + o);
    store<f32>(px + o, xi);
    if (activation == SOFTPLUS) {
      store<f32>(pr + o, softplus(xi));
    } else {
      v128.store32_lane(pr + o, activateLanes(activation, f32x4.splat(xi)), 0);
    }
  }
}

/**
 * Leaky step backward: g = dx + dr act'(x), dpre = a g, dx = (1 - a) g. act' is 1 - r^2 for
 * tanh, x > 0 for relu and sigmoid(x) for softplus.
 */
export function leakyBackward(
  n: i32,
  activation: i32,
  alphaDouble: f64,
  x: i32,
  r: i32,
  dr: i32,
  dx: i32,
  dpre: i32,
): void {
  // 1 - a is rounded once from float64, as float32 kernels in JavaScript do.
  const alpha = <f32>alphaDouble;
  const leak = <f32>(1 - alphaDouble);
  const px = address(x);
  const pr = address(r);
  const pdr = address(dr);
  const pdx = address(dx);
  const pdpre = address(dpre);
  let i = 0;
  if (activation != SOFTPLUS) {
    const va = splat(alpha);
    const vleak = splat(leak);
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      const derivative =
        activation == TANH
          ? rnnDerivativeLanes(TANH, v128.load(pr + o))
          : reluDerivativeLanes(v128.load(px + o));
      const gradient = f32x4.add(v128.load(pdx + o), f32x4.mul(v128.load(pdr + o), derivative));
      v128.store(pdpre + o, f32x4.mul(va, gradient));
      v128.store(pdx + o, f32x4.mul(vleak, gradient));
    }
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    let derivative: f32;
    if (activation == SOFTPLUS) {
      derivative = sigmoid(load<f32>(px + o));
    } else if (activation == TANH) {
      const ri = load<f32>(pr + o);
      derivative = 1 - ri * ri;
    } else {
      derivative = load<f32>(px + o) > 0 ? 1 : 0;
    }
    const gradient: f32 = load<f32>(pdx + o) + load<f32>(pdr + o) * derivative;
    store<f32>(pdpre + o, alpha * gradient);
    store<f32>(pdx + o, leak * gradient);
  }
}
