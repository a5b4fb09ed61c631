/** Parsers for command-line values that raise one clear line on a bad value. */
import { InvalidArgumentError } from 'commander';

import {
  KERNEL_IMPLEMENTATIONS,
  type KernelImplementation,
} from '../engine/kernels/select.js';
import { CELL_TYPES, MAX_SEED, MAX_TRIALS, type CellType } from '../experiment/config.js';

/**
 * Parses a flag value that must be a whole number in [minimum, maximum], written as digits.
 * `expected` describes the range in the error message.
 */
function parseIntegerIn(
  flag: string,
  value: string,
  minimum: number,
  maximum: number,
  expected: string,
): number {
  const number = Number(value);
  const inRange = Number.isSafeInteger(number) && number >= minimum && number <= maximum;
  if (!/^\s*\d+\s*$/.test(value) || !inRange) {
    throw new InvalidArgumentError(`${flag} expects ${expected}, got "${value}".`);
  }
  return number;
}

/** Parses a positive integer flag value. */
export function parsePositiveInteger(flag: string, value: string): number {
  return parseIntegerIn(flag, value, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
}

/** Parses a seed flag value: an integer from 0 to MAX_SEED. */
export function parseSeed(flag: string, value: string): number {
  return parseIntegerIn(flag, value, 0, MAX_SEED, `an integer from 0 to ${MAX_SEED}`);
}

/** Parses a number of evaluation trials: an integer from 1 to MAX_TRIALS. */
export function parseTrialCount(flag: string, value: string): number {
  return parseIntegerIn(flag, value, 1, MAX_TRIALS, `an integer from 1 to ${MAX_TRIALS}`);
}

/** Parses a positive number flag value, such as a learning rate or a time step. */
export function parsePositiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError(`${flag} expects a positive number, got "${value}".`);
  }
  return number;
}

/** Parses `--kernels`. */
export function parseImplementation(value: string): KernelImplementation {
  if (!(KERNEL_IMPLEMENTATIONS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`allowed: ${KERNEL_IMPLEMENTATIONS.join(', ')}.`);
  }
  return value as KernelImplementation;
}

/** Help text of `--kernels`, the same for every command. */
export const KERNELS_HELP =
  'kernel implementation: auto (the fastest available), wasm (the fastest WebAssembly build), ' +
  'wasm-simd, wasm-relaxed-simd or typescript';

/** Parses `--cell`. */
export function parseCell(value: string): CellType {
  if (!(CELL_TYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`allowed: ${CELL_TYPES.join(', ')}.`);
  }
  return value as CellType;
}
