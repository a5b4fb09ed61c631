/**
 * Chooses the kernel implementation for a network: WebAssembly SIMD for float32 where the
 * runtime supports it, plain TypeScript otherwise. The `name` of the returned kernels tells
 * them apart.
 */
import type { DType, Kernels } from './kernels.js';
import { createReferenceKernels } from './reference.js';
import { createWasmKernels, wasmSimdSupported } from './wasm.js';

/**
 * Kernel implementations: 'wasm' is the fastest WebAssembly build the runtime supports, and
 * 'wasm-simd' or 'wasm-relaxed-simd' selects one build. Relaxed SIMD lets the CPU decide
 * whether a multiply-add is fused, so only plain SIMD gives the same bits on every machine.
 */
export const KERNEL_IMPLEMENTATIONS = [
  'auto',
  'typescript',
  'wasm',
  'wasm-simd',
  'wasm-relaxed-simd',
] as const;
export type KernelImplementation = (typeof KERNEL_IMPLEMENTATIONS)[number];

export interface KernelOptions {
  /** Storage type of every tensor; float32 unless given. */
  dtype?: DType;
  /**
   * Kernel implementation. 'auto' picks WebAssembly SIMD for float32 when the runtime supports
   * it, and the TypeScript reference otherwise.
   */
  implementation?: KernelImplementation;
}

/** Creates the kernels that `options` asks for. */
export async function createKernels(options: KernelOptions = {}): Promise<Kernels> {
  const dtype = options.dtype ?? 'float32';
  const implementation = options.implementation ?? 'auto';
  switch (implementation) {
    case 'auto':
      if (dtype === 'float32' && wasmSimdSupported()) return createWasmKernels();
      return createReferenceKernels(dtype);
    case 'typescript':
      return createReferenceKernels(dtype);
    case 'wasm':
    case 'wasm-simd':
    case 'wasm-relaxed-simd':
      if (dtype !== 'float32') {
        throw new Error(
          `The '${implementation}' kernels store float32 only, not ${dtype}: use 'typescript' ` +
            'for float64',
        );
      }
      if (implementation === 'wasm') return createWasmKernels();
      return createWasmKernels(implementation === 'wasm-simd' ? 'simd' : 'relaxed-simd');
    default:
      throw new Error(
        `Unknown kernel implementation '${String(implementation)}': ` +
          `expected one of ${KERNEL_IMPLEMENTATIONS.join(', ')}`,
      );
  }
}
