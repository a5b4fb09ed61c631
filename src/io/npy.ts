/**
 * NumPy `.npy` files, format version 1.0, as described in numpy.lib.format. A file starts with
 * the magic string `\x93NUMPY`, the version bytes 1 and 0 and a little-endian uint16 header
 * length. The header is an ASCII Python dict literal such as
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`, padded with spaces and a newline
 * so that the raw C-order data starts on a 64-byte boundary.
 */
import { readFileSync } from 'node:fs';

import { writeFileAtomic } from './atomic-write.js';

/** Element types this module reads and writes, named as NumPy's `dtype.str` names them. */
export type NpyDtype = '<f4' | '<f8' | '<i4';

/** An array read from a `.npy` file. */
export interface NpyArray {
  data: Float32Array | Float64Array | Int32Array;
  shape: number[];
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ALIGNMENT = 64;
const PREAMBLE_BYTES = 10;

/**
 * Encodes an array as the bytes of a version 1.0 `.npy` file. The shape's product must equal
 * `array.length`. An empty shape writes a 0-d array of one element.
 */
export function encodeNpy(
  array: Float32Array | Float64Array | Int32Array,
  shape: readonly number[],
): Uint8Array {
  const elementCount = shape.reduce((product, size) => product * size, 1);
  for (const size of shape) {
    if (!Number.isInteger(size) || size < 0) {
      throw new Error(`invalid .npy shape [${shape.join(', ')}]: sizes must be whole numbers >= 0`);
    }
  }
  if (elementCount !== array.length) {
    throw new Error(
      `.npy shape [${shape.join(', ')}] needs ${elementCount} elements ` +
        `but the array has ${array.length}`,
    );
  }

  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtypeOf(array)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const paddedLength = Math.ceil((PREAMBLE_BYTES + header.length + 1) / ALIGNMENT) * ALIGNMENT;
  header = header.padEnd(paddedLength - PREAMBLE_BYTES - 1, ' ') + '\n';
  if (header.length > 0xffff) throw new Error('.npy header is longer than format 1.0 allows');

  const bytes = new Uint8Array(PREAMBLE_BYTES + header.length + array.byteLength);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[PREAMBLE_BYTES + i] = header.charCodeAt(i);

  // Typed arrays use the host's byte order, so a big-endian host would write wrong bytes.
  if (!isLittleEndianHost()) throw new Error('writing .npy files needs a little-endian host');
  const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  bytes.set(view, PREAMBLE_BYTES + header.length);
  return bytes;
}

/**
 * Decodes the bytes of a `.npy` file (format 1.0, 2.0 or 3.0, C order, little-endian
 * float32, float64 or int32). `source` names the file in error messages.
 */
export function decodeNpy(bytes: Uint8Array, source = '.npy data'): NpyArray {
  if (bytes.length < PREAMBLE_BYTES || MAGIC.some((value, i) => bytes[i] !== value)) {
    throw new Error(`${source}: not a .npy file (the magic string \\x93NUMPY is missing)`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new Error(`${source}: unsupported .npy format version ${major}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new Error(`${source}: .npy header is truncated`);
  const header = new TextDecoder().decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortranOrder = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortranOrder === undefined || shapeText === undefined) {
    throw new Error(`${source}: invalid .npy header ${JSON.stringify(header.trim())}`);
  }
  if (fortranOrder === 'True') throw new Error(`${source}: Fortran-order arrays are not supported`);
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(Number);
  const elementCount = shape.reduce((product, size) => product * size, 1);

  const dtype = normalizeDtype(descr);
  if (dtype === undefined) {
    throw new Error(`${source}: unsupported .npy dtype '${descr}' (expected <f4, <f8 or <i4)`);
  }
  const elementBytes = dtype === '<f8' ? 8 : 4;
  if (bytes.length - dataStart < elementCount * elementBytes) {
    throw new Error(
      `${source}: .npy data is truncated: shape (${shape.join(', ')}) needs ` +
        `${elementCount * elementBytes} bytes, the file has ${bytes.length - dataStart}`,
    );
  }
  if (!isLittleEndianHost()) throw new Error('reading .npy files needs a little-endian host');

  // Copying into a fresh buffer guarantees the alignment that typed arrays need.
  const raw = bytes.slice(dataStart, dataStart + elementCount * elementBytes).buffer;
  const data =
    dtype === '<f8'
      ? new Float64Array(raw)
      : dtype === '<f4'
        ? new Float32Array(raw)
        : new Int32Array(raw);
  return { data, shape, dtype };
}

/** Writes `array` with the given C-order `shape` to a `.npy` file, atomically. */
export function writeNpy(
  path: string,
  array: Float32Array | Float64Array | Int32Array,
  shape: readonly number[],
): void {
  writeFileAtomic(path, encodeNpy(array, shape));
}

/** Reads a `.npy` file written by {@link writeNpy} or by NumPy's `np.save`. */
export function readNpy(path: string): NpyArray {
  return decodeNpy(new Uint8Array(readFileSync(path)), path);
}

function dtypeOf(array: Float32Array | Float64Array | Int32Array): NpyDtype {
  if (array instanceof Float64Array) return '<f8';
  if (array instanceof Float32Array) return '<f4';
  return '<i4';
}

function normalizeDtype(descr: string): NpyDtype | undefined {
  // NumPy writes '<' for little-endian types; '|' and '=' do not occur for these sizes.
  if (descr === '<f4' || descr === '<f8' || descr === '<i4') return descr;
  return undefined;
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
