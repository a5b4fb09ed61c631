import { readFileSync } from 'node:fs';

import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type SafetensorsContents,
  type TensorInput,
} from '../engine/safetensors.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Writes tensors and optional metadata to a safetensors file, atomically: a reader sees either
 * the old file or the complete new one.
 */
export function saveSafetensors(
  path: string,
  tensors: Readonly<Record<string, TensorInput>>,
  metadata?: Readonly<Record<string, string>>,
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads a safetensors file. Throws an `Error` naming the path when the file cannot be read or
 * is not valid safetensors.
 */
export function loadSafetensors(path: string): SafetensorsContents {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Failed to read safetensors file ${path}: ${reason}`);
  }
  try {
    return decodeSafetensors(bytes);
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new SafetensorsError(`${path}: ${error.message}`);
    }
    throw error;
  }
}
