/**
 * Layout of a network's parameters in the kernels' memory. All parameters share one contiguous
 * block, and all gradients a second block with the same layout. An optimizer or a gradient
 * norm therefore runs over the whole network in one kernel call.
 */
import type { Kernels } from './kernels/kernels.js';
import { shapeSize } from './shape.js';
import type { NamedTensor, TensorSpec } from './tensor.js';

/** Tensor starts are rounded up to 4 elements, 16 bytes in float32, for SIMD kernels. */
const TENSOR_ALIGNMENT = 4;

/** A contiguous block of parameters and the matching block of gradients. */
export interface ParameterBlock {
  /** Element offset of the first parameter in `kernels.data`. */
  readonly offset: number;
  /** Element offset of the first gradient: element p has its gradient at p - offset + this. */
  readonly gradientOffset: number;
  /** Number of elements in each block, padding between tensors included (always zero). */
  readonly size: number;
}

/** Allocates the parameters named by `specs` and their gradients, all zero. */
export function allocateParameters(
  kernels: Kernels,
  specs: readonly TensorSpec[],
): { block: ParameterBlock; tensors: NamedTensor[] } {
  const starts: number[] = [];
  let size = 0;
  for (const spec of specs) {
    size = Math.ceil(size / TENSOR_ALIGNMENT) * TENSOR_ALIGNMENT;
    starts.push(size);
    size += shapeSize(spec.shape);
  }
  const offset = kernels.alloc(size);
  const gradientOffset = kernels.alloc(size);
  const tensors = specs.map((spec, index) => ({
    name: spec.name,
    shape: [...spec.shape],
    size: shapeSize(spec.shape),
    offset: offset + starts[index],
    gradientOffset: gradientOffset + starts[index],
    role: spec.role,
  }));
  return { block: { offset, gradientOffset, size }, tensors };
}

/** Allocates non-trainable buffers, all zero. */
export function allocateBuffers(kernels: Kernels, specs: readonly TensorSpec[]): NamedTensor[] {
  return specs.map((spec) => ({
    name: spec.name,
    shape: [...spec.shape],
    size: shapeSize(spec.shape),
    offset: kernels.alloc(shapeSize(spec.shape)),
    gradientOffset: -1,
    role: spec.role,
  }));
}
