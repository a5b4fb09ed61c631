/**
 * Chooses the kernel implementation for a network: WebAssembly SIMD for float32 where the
 * runtime supports it, plain TypeScript otherwise. The `name` of the returned kernels tells
 * them apart.
 */
import type { DType, Kernels } from './kernels.js';
import { createReferenceKernels } from './reference.js';
import { createWasmKernels, wasmSimdSupported } from './wasm.js';

export type KernelImplementation = 'auto' | 'typescript' | 'wasm';

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
      if (dtype !== 'float32') {
        throw new Error(
          `The 'wasm' kernels store float32 only, not ${dtype}: use 'typescript' for float64`,
        );
      }
      return createWasmKernels();
    default:
      throw new Error(
        `Unknown kernel implementation '${String(implementation)}': ` +
          "expected 'auto', 'typescript' or 'wasm'",
      );
  }
}
