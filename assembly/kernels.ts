// The WebAssembly SIMD kernels of rnnlab: every numeric method of the engine's `Kernels`
// interface, in float32, over this module's linear memory. Tensors are passed as element
// offsets (float32 elements from address 0); the TypeScript wrapper owns the allocator above
// `heapBase()`.

export { gemm } from './gemm';
export {
  copy,
  fill,
  axpy,
  scale,
  sumSquares,
  allFinite,
  addRowVector,
  sumRows,
} from './elementwise';
export {
  rnnForward,
  rnnBackward,
  lstmForward,
  lstmBackward,
  gruForward,
  gruBackward,
  leakyForward,
  leakyBackward,
} from './cells';
export { softmaxCrossEntropy, squaredError } from './losses';
export { adamStep, sgdStep } from './optimizers';

/** Returns the first byte address past the module's static data, where the heap may start. */
export function heapBase(): usize {
  return __heap_base;
}
