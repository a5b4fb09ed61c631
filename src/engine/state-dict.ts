/**
 * Reading and writing a network's tensors as a PyTorch-style state_dict: a record from tensor
 * name to shape and row-major float32 values.
 */
import type { Kernels } from './kernels/kernels.js';
import { formatShape } from './shape.js';
import type { NamedTensor } from './tensor.js';

export interface StateTensor {
  shape: number[];
  data: Float32Array;
}

export type StateDict = Record<string, StateTensor>;

/** A tensor as given to `loadStateDict`: any numeric array of the right length. */
export interface StateTensorInput {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** Copies `tensors`, in their order, into a new state dict. */
export function readStateDict(kernels: Kernels, tensors: readonly NamedTensor[]): StateDict {
  const dict: StateDict = {};
  for (const tensor of tensors) {
    const data = Float32Array.from(
      kernels.data.subarray(tensor.offset, tensor.offset + tensor.size),
    );
    dict[tensor.name] = { shape: [...tensor.shape], data };
  }
  return dict;
}

/**
 * Copies the values of `dict` into `tensors`. Shape mismatches and non-finite values always
 * raise an error. Missing and unexpected names raise one when `strict`, as PyTorch's
 * load_state_dict does. Nothing is written unless every check passes.
 */
export function writeStateDict(
  kernels: Kernels,
  tensors: readonly NamedTensor[],
  dict: Readonly<Record<string, StateTensorInput>>,
  strict: boolean,
): void {
  const problems: string[] = [];
  const expected = new Set(tensors.map((tensor) => tensor.name));
  const missing = tensors.filter((tensor) => !(tensor.name in dict)).map((t) => t.name);
  const unexpected = Object.keys(dict).filter((name) => !expected.has(name));
  if (strict && missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  if (strict && unexpected.length > 0) problems.push(`unexpected ${unexpected.join(', ')}`);

  for (const tensor of tensors) {
    const given = dict[tensor.name];
    if (given === undefined) continue;
    const sameShape =
      given.shape.length === tensor.shape.length &&
      given.shape.every((dimension, d) => dimension === tensor.shape[d]);
    if (!sameShape) {
      problems.push(
        `${tensor.name}: expected shape ${formatShape(tensor.shape)}, ` +
          `got ${formatShape(given.shape)}`,
      );
    } else if (given.data.length !== tensor.size) {
      problems.push(
        `${tensor.name}: expected ${tensor.size} values for shape ` +
          `${formatShape(tensor.shape)}, got ${given.data.length}`,
      );
    } else {
      for (let i = 0; i < given.data.length; i++) {
        const value = given.data[i];
        if (value - value !== 0) {
          problems.push(`${tensor.name}: value ${i} is ${value}, but every value must be finite`);
          break;
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`Cannot load the state dict: ${problems.join('; ')}`);
  }

  for (const tensor of tensors) {
    const given = dict[tensor.name];
    if (given === undefined) continue;
    const data = kernels.data;
    for (let i = 0; i < tensor.size; i++) data[tensor.offset + i] = given.data[i];
  }
}
