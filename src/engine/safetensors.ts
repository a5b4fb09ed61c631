/**
 * The safetensors format (Hugging Face, https://github.com/huggingface/safetensors), used to hand
 * weights to PyTorch and back. Pure byte manipulation, so it runs in Node.js and in browsers.
 *
 * Layout of a file:
 *
 *     bytes 0..8        N, the header length, an unsigned 64-bit little-endian integer
 *     bytes 8..8+N      UTF-8 JSON: {"__metadata__": {string: string}, name: {"dtype": "F32",
 *                       "shape": [rows, cols], "data_offsets": [begin, end]}, ...}
 *                       padded with spaces so that the data section starts at a multiple of 8
 *     bytes 8+N..       the data section: each tensor's elements, little-endian, row-major;
 *                       data_offsets count bytes from the start of this section
 *
 * The encoder writes the bytes the reference Rust implementation writes (safetensors
 * `tensor.rs`, `prepare`). Tensors are sorted by descending dtype alignment, then by name, and
 * packed without gaps, and the JSON is compact with `__metadata__` first. The decoder applies
 * the reference's checks: the header must fit, the tensors must tile the data section exactly,
 * and each tensor's byte length must equal its element count times its element size.
 */

/** The element types rnnlab reads and writes, with the format's names. */
export type SafetensorsDType =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64';

/**
 * Typed arrays that store tensor elements. F16 and BF16 elements are kept as their raw 16-bit
 * patterns in a Uint16Array (JavaScript has no half-precision array); `tensorToFloat32` converts.
 */
export type TensorElements =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** A tensor to encode. `dtype` defaults to the one that matches the array type. */
export interface TensorInput {
  readonly dtype?: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: TensorElements;
}

/** A decoded tensor: its element type, its shape and its elements in row-major order. */
export interface SafetensorsTensor {
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  readonly data: TensorElements;
}

/** The contents of a safetensors file: tensors in data-section order, and the metadata map. */
export interface SafetensorsContents {
  readonly tensors: Record<string, SafetensorsTensor>;
  readonly metadata: Record<string, string>;
}

/** A safetensors buffer or tensor that is malformed; the message names the tensor and the fault. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** Header size limit of the reference implementation (100 MB), which rejects larger headers. */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';

type ArrayKind =
  | 'uint8'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'float32'
  | 'float64'
  | 'bigint64'
  | 'biguint64';

interface DTypeInfo {
  /** Bytes per element. */
  readonly size: number;
  /** Position in the reference `Dtype` enum, which is ordered by increasing alignment. */
  readonly rank: number;
  readonly kind: ArrayKind;
}

const DTYPES: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  BOOL: { size: 1, rank: 0, kind: 'uint8' },
  U8: { size: 1, rank: 4, kind: 'uint8' },
  I8: { size: 1, rank: 5, kind: 'int8' },
  I16: { size: 2, rank: 9, kind: 'int16' },
  U16: { size: 2, rank: 10, kind: 'uint16' },
  F16: { size: 2, rank: 11, kind: 'uint16' },
  BF16: { size: 2, rank: 12, kind: 'uint16' },
  I32: { size: 4, rank: 13, kind: 'int32' },
  U32: { size: 4, rank: 14, kind: 'uint32' },
  F32: { size: 4, rank: 15, kind: 'float32' },
  F64: { size: 8, rank: 17, kind: 'float64' },
  I64: { size: 8, rank: 18, kind: 'bigint64' },
  U64: { size: 8, rank: 19, kind: 'biguint64' },
};

/** Types the format defines that rnnlab does not decode (sub-byte, 8-bit float, complex). */
const UNSUPPORTED_DTYPES = new Set([
  'F4',
  'F6_E2M3',
  'F6_E3M2',
  'F8_E5M2',
  'F8_E4M3',
  'F8_E8M0',
  'F8_E4M3FNUZ',
  'F8_E5M2FNUZ',
  'C64',
]);

const SUPPORTED_LIST = Object.keys(DTYPES).join(', ');

// ---- Encoding ----------------------------------------------------------------------------------

/**
 * Encodes tensors and an optional string-to-string metadata map as a safetensors buffer.
 *
 * Each tensor's `data.length` must equal the product of its `shape` (1 for shape []). The
 * `__metadata__` entry is written only when `metadata` is given. Throws `SafetensorsError` for
 * a reserved or empty name, a shape that is not a list of non-negative integers, a shape that
 * does not match the element count, or a dtype that does not match the array type.
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, TensorInput>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const entries = Object.entries(tensors).map(([name, tensor]) => {
    const dtype = checkTensorInput(name, tensor);
    return { name, dtype, shape: [...tensor.shape], data: tensor.data };
  });
  entries.sort(
    (left, right) =>
      DTYPES[right.dtype].rank - DTYPES[left.dtype].rank || compareUtf8(left.name, right.name),
  );

  const headerParts: string[] = [];
  if (metadata !== undefined) headerParts.push(`"${METADATA_KEY}":${encodeMetadata(metadata)}`);
  let offset = 0;
  const placed = entries.map((entry) => {
    const begin = offset;
    offset += entry.data.length * DTYPES[entry.dtype].size;
    const info = { dtype: entry.dtype, shape: entry.shape, data_offsets: [begin, offset] };
    headerParts.push(`${JSON.stringify(entry.name)}:${JSON.stringify(info)}`);
    return { ...entry, begin };
  });

  const json = new TextEncoder().encode(`{${headerParts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);

  const dataStart = 8 + headerLength;
  for (const entry of placed) writeElements(view, dataStart + entry.begin, entry.dtype, entry.data);
  return bytes;
}

function checkTensorInput(name: string, tensor: TensorInput): SafetensorsDType {
  if (name === '' || name === METADATA_KEY) {
    throw new SafetensorsError(`Invalid tensor name ${JSON.stringify(name)}: it is reserved`);
  }
  const kind = arrayKind(tensor.data);
  const dtype = tensor.dtype ?? defaultDType(kind);
  if (!Object.hasOwn(DTYPES, dtype)) {
    throw new SafetensorsError(
      `Tensor '${name}' has unsupported dtype '${dtype}' (supported: ${SUPPORTED_LIST})`,
    );
  }
  if (DTYPES[dtype].kind !== kind) {
    throw new SafetensorsError(
      `Tensor '${name}' has dtype ${dtype}, which needs a ${DTYPES[dtype].kind} array, ` +
        `but its data is a ${kind} array`,
    );
  }
  const count = elementCount(name, tensor.shape);
  if (count !== tensor.data.length) {
    throw new SafetensorsError(
      `Tensor '${name}' has shape [${tensor.shape.join(', ')}] (${count} elements) ` +
        `but ${tensor.data.length} data elements`,
    );
  }
  return dtype;
}

function encodeMetadata(metadata: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(
        `Metadata value of '${key}' must be a string, got ${typeof value}`,
      );
    }
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

function arrayKind(data: TensorElements): ArrayKind {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigInt64Array) return 'bigint64';
  if (data instanceof BigUint64Array) return 'biguint64';
  throw new SafetensorsError('Tensor data must be a typed array');
}

function defaultDType(kind: ArrayKind): SafetensorsDType {
  const defaults: Record<ArrayKind, SafetensorsDType> = {
    uint8: 'U8',
    int8: 'I8',
    int16: 'I16',
    uint16: 'U16',
    int32: 'I32',
    uint32: 'U32',
    float32: 'F32',
    float64: 'F64',
    bigint64: 'I64',
    biguint64: 'U64',
  };
  return defaults[kind];
}

function writeElements(
  view: DataView,
  start: number,
  dtype: SafetensorsDType,
  data: TensorElements,
): void {
  const size = DTYPES[dtype].size;
  for (let i = 0; i < data.length; i++) {
    const at = start + i * size;
    switch (DTYPES[dtype].kind) {
      case 'uint8':
        view.setUint8(at, data[i] as number);
        break;
      case 'int8':
        view.setInt8(at, data[i] as number);
        break;
      case 'int16':
        view.setInt16(at, data[i] as number, true);
        break;
      case 'uint16':
        view.setUint16(at, data[i] as number, true);
        break;
      case 'int32':
        view.setInt32(at, data[i] as number, true);
        break;
      case 'uint32':
        view.setUint32(at, data[i] as number, true);
        break;
      case 'float32':
        view.setFloat32(at, data[i] as number, true);
        break;
      case 'float64':
        view.setFloat64(at, data[i] as number, true);
        break;
      case 'bigint64':
        view.setBigInt64(at, data[i] as bigint, true);
        break;
      case 'biguint64':
        view.setBigUint64(at, data[i] as bigint, true);
        break;
    }
  }
}

// ---- Decoding ----------------------------------------------------------------------------------

interface HeaderEntry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Decodes a safetensors buffer. The elements are copied, so the result does not keep `bytes`.
 *
 * Throws `SafetensorsError`, naming the tensor where there is one, for: a buffer shorter than
 * 8 bytes, a header length past the end of the buffer or over `MAX_HEADER_BYTES`, a header that
 * is not UTF-8 JSON starting with '{', a missing or malformed field, an unknown or unsupported
 * dtype, a byte range that does not match shape times element size, ranges that overlap, leave
 * a gap or run past the data section, and bytes after the last tensor.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `Invalid safetensors data: truncated to ${bytes.length} bytes, but the header length ` +
        'alone takes 8',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(
      `Invalid safetensors data: header length ${headerLength} exceeds the limit of ` +
        `${MAX_HEADER_BYTES} bytes`,
    );
  }
  if (8 + headerLength > bytes.length) {
    throw new SafetensorsError(
      `Invalid safetensors data: header length ${headerLength} runs past the end of the ` +
        `${bytes.length}-byte buffer (truncated file?)`,
    );
  }

  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const entries = readEntries(header, dataLength);
  checkTiling(entries, dataLength);

  const tensors = entries.map((entry): [string, SafetensorsTensor] => {
    const data = readElements(view, dataStart + entry.begin, entry.dtype, entry.end - entry.begin);
    return [entry.name, { dtype: entry.dtype, shape: entry.shape, data }];
  });
  return { tensors: Object.fromEntries(tensors), metadata: readMetadata(header) };
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError('Invalid safetensors header: it is not valid UTF-8');
  }
  if (!text.startsWith('{')) {
    throw new SafetensorsError(
      "Invalid safetensors header: it must start with '{', found " +
        JSON.stringify(text.slice(0, 8)),
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SafetensorsError(`Invalid safetensors header: not valid JSON (${reason})`);
  }
  if (!isPlainObject(header)) {
    throw new SafetensorsError('Invalid safetensors header: it must be a JSON object');
  }
  return header;
}

function readMetadata(header: Record<string, unknown>): Record<string, string> {
  const metadata = header[METADATA_KEY];
  if (metadata === undefined) return {};
  if (!isPlainObject(metadata)) {
    throw new SafetensorsError(`Invalid safetensors header: ${METADATA_KEY} must be an object`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(
        `Invalid safetensors header: metadata value of '${key}' must be a string, ` +
          `got ${JSON.stringify(value)}`,
      );
    }
  }
  return Object.fromEntries(Object.entries(metadata)) as Record<string, string>;
}

function readEntries(header: Record<string, unknown>, dataLength: number): HeaderEntry[] {
  const entries: HeaderEntry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    const where = `tensor '${name}'`;
    if (!isPlainObject(info)) {
      throw new SafetensorsError(`Invalid safetensors header: ${where} must be an object`);
    }
    for (const key of Object.keys(info)) {
      if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') {
        throw new SafetensorsError(
          `Invalid safetensors header: ${where} has unknown field '${key}'`,
        );
      }
    }

    const dtype = readDType(where, info.dtype);
    if (!Array.isArray(info.shape)) {
      throw new SafetensorsError(`Invalid safetensors header: ${where} has no shape list`);
    }
    const shape = info.shape as number[];
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isByteOffset)) {
      throw new SafetensorsError(
        `Invalid safetensors header: ${where} needs data_offsets [begin, end] of two ` +
          `non-negative integers, got ${JSON.stringify(offsets)}`,
      );
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) {
      throw new SafetensorsError(
        `Invalid safetensors header: ${where} has data_offsets [${begin}, ${end}] that end ` +
          'before they begin',
      );
    }
    if (end > dataLength) {
      throw new SafetensorsError(
        `Invalid safetensors header: ${where} has data_offsets [${begin}, ${end}] past the end ` +
          `of the ${dataLength}-byte data section (truncated file?)`,
      );
    }

    const count = elementCount(name, shape);
    const byteLength = count * DTYPES[dtype].size;
    if (byteLength !== end - begin) {
      throw new SafetensorsError(
        `Invalid safetensors header: ${where} has dtype ${dtype} and shape ` +
          `[${shape.join(', ')}], which take ${byteLength} bytes, but data_offsets ` +
          `[${begin}, ${end}] span ${end - begin}`,
      );
    }
    entries.push({ name, dtype, shape: [...shape], begin, end });
  }
  return entries;
}

function readDType(where: string, dtype: unknown): SafetensorsDType {
  if (typeof dtype !== 'string') {
    throw new SafetensorsError(`Invalid safetensors header: ${where} has no dtype string`);
  }
  if (Object.hasOwn(DTYPES, dtype)) return dtype as SafetensorsDType;
  if (UNSUPPORTED_DTYPES.has(dtype)) {
    throw new SafetensorsError(
      `Unsupported safetensors dtype: ${where} has dtype ${dtype}, which rnnlab does not read ` +
        `(supported: ${SUPPORTED_LIST})`,
    );
  }
  throw new SafetensorsError(
    `Invalid safetensors header: ${where} has unknown dtype ${JSON.stringify(dtype)} ` +
      `(supported: ${SUPPORTED_LIST})`,
  );
}

/**
 * Checks that the byte ranges tile [0, dataLength) without overlaps or gaps, as the reference
 * requires, and sorts `entries` by offset.
 */
function checkTiling(entries: HeaderEntry[], dataLength: number): void {
  entries.sort((left, right) => left.begin - right.begin || left.end - right.end);
  let covered = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of entries) {
    if (entry.begin < covered && previous !== undefined) {
      throw new SafetensorsError(
        `Invalid safetensors header: tensor '${entry.name}' (bytes ${entry.begin}..${entry.end}) ` +
          `overlaps tensor '${previous.name}' (bytes ${previous.begin}..${previous.end})`,
      );
    }
    if (entry.begin > covered) {
      throw new SafetensorsError(
        `Invalid safetensors header: data bytes ${covered}..${entry.begin} before tensor ` +
          `'${entry.name}' belong to no tensor`,
      );
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered !== dataLength) {
    throw new SafetensorsError(
      `Invalid safetensors data: ${dataLength - covered} bytes after the last tensor ` +
        `(data section is ${dataLength} bytes, tensors cover ${covered})`,
    );
  }
}

function readElements(
  view: DataView,
  start: number,
  dtype: SafetensorsDType,
  byteLength: number,
): TensorElements {
  const size = DTYPES[dtype].size;
  const count = byteLength / size;
  switch (DTYPES[dtype].kind) {
    case 'uint8':
      return Uint8Array.from({ length: count }, (_, i) => view.getUint8(start + i));
    case 'int8':
      return Int8Array.from({ length: count }, (_, i) => view.getInt8(start + i));
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(start + 2 * i, true));
    case 'uint16':
      return Uint16Array.from({ length: count }, (_, i) => view.getUint16(start + 2 * i, true));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(start + 4 * i, true));
    case 'uint32':
      return Uint32Array.from({ length: count }, (_, i) => view.getUint32(start + 4 * i, true));
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + 4 * i, true);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(start + 8 * i, true);
      return out;
    }
    case 'bigint64': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getBigInt64(start + 8 * i, true);
      return out;
    }
    case 'biguint64': {
      const out = new BigUint64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getBigUint64(start + 8 * i, true);
      return out;
    }
  }
}

// ---- Conversion --------------------------------------------------------------------------------

/**
 * Converts a tensor's elements to float32, rounding to nearest: F16 and BF16 from their bit
 * patterns, integers and F64 by value, BOOL as 0 or 1.
 */
export function tensorToFloat32(tensor: SafetensorsTensor): Float32Array {
  const out = new Float32Array(tensor.data.length);
  if (tensor.dtype === 'F16') {
    const bits = tensor.data as Uint16Array;
    for (let i = 0; i < bits.length; i++) out[i] = halfToNumber(bits[i]);
  } else if (tensor.dtype === 'BF16') {
    const wide = new Uint32Array(out.buffer);
    const bits = tensor.data as Uint16Array;
    for (let i = 0; i < bits.length; i++) wide[i] = bits[i] << 16;
  } else if (tensor.dtype === 'BOOL') {
    const flags = tensor.data as Uint8Array;
    for (let i = 0; i < flags.length; i++) out[i] = flags[i] === 0 ? 0 : 1;
  } else {
    for (let i = 0; i < tensor.data.length; i++) out[i] = Number(tensor.data[i]);
  }
  return out;
}

/** Value of an IEEE 754 binary16 bit pattern: sign, 5-bit exponent (bias 15), 10-bit fraction. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

// ---- Helpers -----------------------------------------------------------------------------------

/**
 * Returns the product of `shape`, checking that every dimension is a non-negative integer.
 * Throws once the product exceeds 2^53 - 1, before it could lose precision.
 */
function elementCount(name: string, shape: readonly unknown[]): number {
  let count = 1;
  for (const dimension of shape) {
    if (typeof dimension !== 'number' || !Number.isSafeInteger(dimension) || dimension < 0) {
      throw new SafetensorsError(
        `Invalid shape for tensor '${name}': ${JSON.stringify(shape)} must contain only ` +
          'non-negative integers',
      );
    }
    count *= dimension;
    if (count > Number.MAX_SAFE_INTEGER) {
      throw new SafetensorsError(
        `Invalid shape for tensor '${name}': [${shape.join(', ')}] has more than 2^53 - 1 ` +
          'elements',
      );
    }
  }
  return count;
}

function isByteOffset(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Orders strings by their UTF-8 bytes, as Rust's `String` ordering does. */
function compareUtf8(left: string, right: string): number {
  const a = new TextEncoder().encode(left);
  const b = new TextEncoder().encode(right);
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}
