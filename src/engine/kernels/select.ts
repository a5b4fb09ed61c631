/**
 * Chooses the kernel implementation for a network: plain TypeScript now, WebAssembly SIMD where
 * it is built and the runtime supports it.
 */
import type { DType, Kernels } from './kernels.js';
import { createReferenceKernels } from './reference.js';

export type KernelImplementation = 'auto' | 'typescript' | 'wasm';

export interface KernelOptions {
  /** Storage type of every tensor; float32 unless given. */
  dtype?: DType;
  /** Which kernels to use; 'auto' picks the fastest one available. */
  implementation?: KernelImplementation;
}

/** Creates the kernels that `options` asks for. */
export async function createKernels(options: KernelOptions = {}): Promise<Kernels> {
  const dtype = options.dtype ?? 'float32';
  const implementation = options.implementation ?? 'auto';
  switch (implementation) {
    case 'auto':
    case 'typescript':
      return createReferenceKernels(dtype);
    case 'wasm':
      // TODO: load the WebAssembly SIMD kernels here once they are built.
      throw new Error(
        "The 'wasm' kernel implementation is not available in this build: " +
          "use 'typescript' or 'auto'",
      );
    default:
      throw new Error(
        `Unknown kernel implementation '${String(implementation)}': ` +
          "expected 'auto', 'typescript' or 'wasm'",
      );
  }
}
