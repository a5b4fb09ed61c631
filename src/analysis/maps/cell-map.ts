/**
 * One-step maps of recurrent cells, x_{t+1} = F(x_t, u), with their Jacobians dF/dx, for
 * fixed-point analysis. Every map works in float64 on parameters read from a PyTorch-style
 * state dict (`rnn.weight_ih_l0`, `rnn.weight_hh_l0`, `rnn.bias_ih_l0`, `rnn.bias_hh_l0`).
 */
import type { CellKind } from '../../engine/cells/cell.js';
import type { StateDict } from '../types.js';

export type { CellKind };

/**
 * The discrete-time map x' = F(x, u) of a recurrent cell, for a state x of size S and an input
 * u of size I. Arrays are float64; matrices are row-major.
 */
export interface CellMap {
  readonly cell: CellKind;
  /** Size S of the state x (H, or 2H for an LSTM whose state is [h; c]). */
  readonly stateSize: number;
  /** Size I of the input u. */
  readonly inputSize: number;
  /** Writes F(x, u) into `out` (S). */
  step(x: Float64Array, u: Float64Array, out: Float64Array): void;
  /** Writes the Jacobian J = dF/dx at (x, u) into `out` (S x S, row i is dF_i/dx). */
  jacobian(x: Float64Array, u: Float64Array, out: Float64Array): void;
  /** Writes the vector-Jacobian product J^T v at (x, u) into `out` (S). */
  transposeProduct(x: Float64Array, u: Float64Array, v: Float64Array, out: Float64Array): void;
}

/**
 * Reads parameter `name` as a float64 matrix of shape (rows, cols), row-major. Throws when it
 * is missing or has another shape.
 */
export function matrixParameter(
  stateDict: StateDict,
  name: string,
  rows: number,
  cols: number,
): Float64Array {
  const parameter = stateDict[name];
  if (parameter === undefined) throw new Error(`Missing parameter '${name}' in the state dict`);
  const [actualRows, actualCols] = parameter.shape;
  if (parameter.shape.length !== 2 || actualRows !== rows || actualCols !== cols) {
    throw new Error(
      `Parameter '${name}' has shape [${parameter.shape.join(', ')}], expected [${rows}, ${cols}]`,
    );
  }
  return Float64Array.from(parameter.data);
}

/**
 * Reads parameter `name` as a float64 vector of the given length; a missing parameter reads
 * as zeros, the value of a layer built without bias.
 */
export function vectorParameter(stateDict: StateDict, name: string, length: number): Float64Array {
  const parameter = stateDict[name];
  if (parameter === undefined) return new Float64Array(length);
  if (parameter.shape.length !== 1 || parameter.shape[0] !== length) {
    throw new Error(
      `Parameter '${name}' has shape [${parameter.shape.join(', ')}], expected [${length}]`,
    );
  }
  return Float64Array.from(parameter.data);
}

/** Returns the shape of a required parameter, for inferring hidden and input sizes. */
export function parameterShape(stateDict: StateDict, name: string): number[] {
  const parameter = stateDict[name];
  if (parameter === undefined) throw new Error(`Missing parameter '${name}' in the state dict`);
  return parameter.shape;
}

/** Writes out = W x (+ out when `accumulate`), for W of shape (rows, cols), row-major. */
export function matrixVector(
  W: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  out: Float64Array,
  accumulate = false,
  rowOffset = 0,
): void {
  for (let i = 0; i < rows; i++) {
    let sum = accumulate ? out[i] : 0;
    const row = (rowOffset + i) * cols;
    for (let j = 0; j < cols; j++) sum += W[row + j] * x[j];
    out[i] = sum;
  }
}

/**
 * Adds W^T v to out, for W of shape (rows, cols) row-major and v of length rows. With
 * `rowOffset`, the product uses rows [rowOffset, rowOffset + rows) of a taller matrix.
 */
export function addTransposeProduct(
  W: Float64Array,
  rows: number,
  cols: number,
  v: Float64Array,
  out: Float64Array,
  rowOffset = 0,
): void {
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const row = (rowOffset + i) * cols;
    for (let j = 0; j < cols; j++) out[j] += W[row + j] * vi;
  }
}

/** Returns the logistic sigmoid 1 / (1 + e^-x). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Checks that x and u have the map's sizes. */
export function checkSizes(map: CellMap, x: Float64Array, u: Float64Array): void {
  if (x.length !== map.stateSize) {
    throw new Error(`State has size ${x.length}, expected ${map.stateSize} for a ${map.cell} map`);
  }
  if (u.length !== map.inputSize) {
    throw new Error(`Input has size ${u.length}, expected ${map.inputSize} for a ${map.cell} map`);
  }
}
