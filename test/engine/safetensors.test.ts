import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  decodeSafetensors,
  encodeSafetensors,
  MAX_HEADER_BYTES,
  SafetensorsError,
  tensorToFloat32,
  type TensorInput,
} from '../../src/engine/safetensors.js';
import { loadSafetensors, saveSafetensors } from '../../src/io/safetensors-file.js';

const PYTHON_FILE = new URL('../fixtures/pytorch/python-written.safetensors', import.meta.url);

/** Builds a safetensors buffer from a header object (padded as the format wants) and data. */
function buffer(header: unknown, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const bytes = new Uint8Array(8 + headerLength + body.length).fill(0x20, 8, 8 + headerLength);
  new DataView(bytes.buffer).setUint32(0, headerLength, true);
  bytes.set(json, 8);
  bytes.set(body, 8 + headerLength);
  return bytes;
}

function assertRejects(bytes: Uint8Array, ...fragments: RegExp[]): void {
  assert.throws(
    () => decodeSafetensors(bytes),
    (error: unknown) => {
      assert.ok(error instanceof SafetensorsError, `expected SafetensorsError, got ${error}`);
      for (const fragment of fragments) assert.match(error.message, fragment);
      return true;
    },
  );
}

function f32(name: string, shape: number[], begin: number): Record<string, unknown> {
  const count = shape.reduce((product, dimension) => product * dimension, 1);
  return { [name]: { dtype: 'F32', shape, data_offsets: [begin, begin + 4 * count] } };
}

test('round trip keeps every dtype, shape and value', () => {
  const tensors: Record<string, TensorInput> = {
    'rnn.weight_ih_l0': { shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 1e-30, -0, Infinity) },
    'fc.bias': { shape: [2], data: Float32Array.of(0.25, NaN) },
    scalar: { shape: [], data: Float64Array.of(Math.PI) },
    empty: { shape: [0, 4], data: new Float32Array(0) },
    steps: { shape: [2], data: BigInt64Array.of(-(2n ** 62n), 7n) },
    sizes: { shape: [1], data: BigUint64Array.of(2n ** 64n - 1n) },
    counts: { shape: [2], data: Int32Array.of(-(2 ** 31), 2 ** 31 - 1) },
    unsigned: { shape: [1], data: Uint32Array.of(2 ** 32 - 1) },
    shorts: { shape: [2], data: Int16Array.of(-32768, 32767) },
    words: { shape: [1], data: Uint16Array.of(65535) },
    half: { dtype: 'F16', shape: [1], data: Uint16Array.of(0x3c00) },
    brain: { dtype: 'BF16', shape: [1], data: Uint16Array.of(0x3fc0) },
    bytes: { shape: [2], data: Int8Array.of(-128, 127) },
    pixels: { shape: [2], data: Uint8Array.of(0, 255) },
    flags: { dtype: 'BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) },
  };
  const decoded = decodeSafetensors(encodeSafetensors(tensors, { format: 'pt', note: 'ä "q"' }));

  assert.deepEqual(decoded.metadata, { format: 'pt', note: 'ä "q"' });
  assert.deepEqual(Object.keys(decoded.tensors).sort(), Object.keys(tensors).sort());
  for (const [name, tensor] of Object.entries(tensors)) {
    const result = decoded.tensors[name];
    assert.deepEqual(result.shape, tensor.shape, name);
    assert.equal(result.data.constructor, tensor.data.constructor, name);
    assert.deepEqual([...result.data], [...tensor.data], name);
  }
  assert.equal(decoded.tensors.half.dtype, 'F16');
  assert.equal(decoded.tensors.flags.dtype, 'BOOL');
  assert.equal(decoded.tensors['fc.bias'].dtype, 'F32');
  assert.ok(Object.is(decoded.tensors['rnn.weight_ih_l0'].data[4], -0));
});

test('encoder matches the reference serializer bytes', () => {
  // Expected bytes of the safetensors Rust crate's own serialization tests (tensor.rs): one
  // F32 tensor "attn.0" of shape [1, 2, 3] holding 0..5, and an empty file with metadata.
  const attn = encodeSafetensors({
    'attn.0': { shape: [1, 2, 3], data: Float32Array.of(0, 1, 2, 3, 4, 5) },
  });
  const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
  const expected = new Uint8Array(8 + 64 + 24);
  expected[0] = 64;
  expected.set(new TextEncoder().encode(header), 8);
  expected.set(new Uint8Array(Float32Array.of(0, 1, 2, 3, 4, 5).buffer), 72);
  assert.equal(header.length, 64);
  assert.deepEqual(attn, expected);

  const empty = encodeSafetensors({});
  assert.deepEqual([...empty], [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);

  const withMetadata = encodeSafetensors({}, { framework: 'pt' });
  const metadataHeader = '{"__metadata__":{"framework":"pt"}}     ';
  assert.equal(withMetadata[0], 40);
  assert.equal(new TextDecoder().decode(withMetadata.subarray(8)), metadataHeader);
});

test('encoder orders by dtype alignment, then name', () => {
  const bytes = encodeSafetensors({
    b: { shape: [1], data: Float32Array.of(1) },
    a: { shape: [1], data: Float32Array.of(2) },
    flag: { dtype: 'BOOL', shape: [1], data: Uint8Array.of(1) },
    step: { shape: [1], data: BigInt64Array.of(3n) },
    '\u00e9': { shape: [1], data: Float32Array.of(4) },
    z: { shape: [1], data: Float32Array.of(5) },
  });
  const headerLength = new DataView(bytes.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const order = Object.entries(header as Record<string, { data_offsets: number[] }>)
    .sort((left, right) => left[1].data_offsets[0] - right[1].data_offsets[0])
    .map(([name]) => name);
  assert.deepEqual(order, ['step', 'a', 'b', 'z', '\u00e9', 'flag']);
  assert.equal((8 + headerLength) % 8, 0);
});

test('file written by Python decodes and re-encodes byte for byte', () => {
  const original = new Uint8Array(readFileSync(PYTHON_FILE));
  const decoded = decodeSafetensors(original);
  const { tensors } = decoded;

  assert.deepEqual(decoded.metadata, { format: 'pt', writer: 'scripts/pytorch/make_fixtures.py' });
  assert.deepEqual(tensors['rnn.weight_hh_l0'].shape, [3, 4]);
  assert.deepEqual(
    [...tensors['rnn.weight_hh_l0'].data],
    Array.from({ length: 12 }, (_, i) => i * 0.25 - 1),
  );
  assert.deepEqual([...tensors['fc.bias'].data], [0.5, -1.5]);
  assert.deepEqual(tensors.empty.shape, [0, 3]);
  assert.equal(tensors.empty.data.length, 0);
  assert.deepEqual(tensors['0'].shape, []);
  assert.deepEqual([...tensors['0'].data], [Math.PI]);
  assert.deepEqual([...tensors.steps.data], [-2n, 0n, 2n ** 40n]);
  assert.deepEqual([...tensors.counts.data], [1, -2, 3, 2 ** 31 - 1]);
  assert.deepEqual([...tensors.shorts.data], [-300, 300]);
  assert.deepEqual([...tensorToFloat32(tensors.half)], [1, -2.5, 65504]);
  assert.deepEqual([...tensorToFloat32(tensors.brain)], [1.5, -0.125]);
  assert.deepEqual([...tensors['gewicht_\u00e4'].data], [-128, 127]);
  assert.deepEqual([...tensors.pixels.data], [0, 1, 128, 255]);
  assert.equal(tensors.flags.dtype, 'BOOL');
  assert.deepEqual([...tensors.flags.data], [1, 0, 1]);

  const reencoded = encodeSafetensors(tensors, decoded.metadata);
  assert.equal(reencoded.length, original.length);
  assert.deepEqual(reencoded, original);
});

test('tensorToFloat32 converts half, bfloat16 and integers', () => {
  const half = tensorToFloat32({
    dtype: 'F16',
    shape: [6],
    data: Uint16Array.of(0x0001, 0x3555, 0xc000, 0x7c00, 0xfc00, 0x7e00),
  });
  assert.equal(half[0], 2 ** -24);
  assert.equal(half[1], Math.fround(0.333251953125));
  assert.equal(half[2], -2);
  assert.equal(half[3], Infinity);
  assert.equal(half[4], -Infinity);
  assert.ok(Number.isNaN(half[5]));

  const brain = tensorToFloat32({
    dtype: 'BF16',
    shape: [2],
    data: Uint16Array.of(0x4049, 0x8000),
  });
  assert.equal(brain[0], 3.140625);
  assert.ok(Object.is(brain[1], -0));

  const steps = tensorToFloat32({ dtype: 'I64', shape: [2], data: BigInt64Array.of(-5n, 9n) });
  assert.deepEqual([...steps], [-5, 9]);
});

test('decoder rejects truncated buffers', () => {
  assertRejects(new Uint8Array(5), /truncated to 5 bytes/);

  const valid = encodeSafetensors({ 'fc.weight': { shape: [2, 2], data: new Float32Array(4) } });
  assertRejects(valid.subarray(0, 20), /header length \d+ runs past the end of the 20-byte buffer/);
  assertRejects(
    valid.subarray(0, valid.length - 4),
    /tensor 'fc\.weight'/,
    /data_offsets \[0, 16\] past the end of the 12-byte data section/,
  );
});

test('decoder rejects a header length over the limit', () => {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(0, MAX_HEADER_BYTES + 1, true);
  assertRejects(bytes, /header length 100000001 exceeds the limit/);

  new DataView(bytes.buffer).setUint32(4, 1, true);
  assertRejects(bytes, /exceeds the limit/);
});

test('decoder rejects a header that is not a JSON object', () => {
  const notUtf8 = buffer({});
  notUtf8[9] = 0xff;
  assertRejects(notUtf8, /not valid UTF-8/);

  const leadingSpace = new Uint8Array(16).fill(0x20, 8);
  leadingSpace[0] = 8;
  leadingSpace.set(new TextEncoder().encode('{}'), 9);
  assertRejects(leadingSpace, /must start with '\{'/);

  const broken = buffer({});
  broken.set(new TextEncoder().encode('{"a":'), 8);
  assertRejects(broken, /not valid JSON/);
  assertRejects(buffer(['x']), /must start with '\{'/);
  assertRejects(buffer({ x: 1 }), /tensor 'x' must be an object/);
});

test('decoder rejects missing and unknown fields', () => {
  assertRejects(buffer({ w: { shape: [1], data_offsets: [0, 4] } }, 4), /tensor 'w' has no dtype/);
  assertRejects(
    buffer({ w: { dtype: 'F32', data_offsets: [0, 4] } }, 4),
    /tensor 'w' has no shape/,
  );
  assertRejects(buffer({ w: { dtype: 'F32', shape: [1] } }, 4), /tensor 'w' needs data_offsets/);
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4], offsets: [0, 4] } }, 4),
    /tensor 'w' has unknown field 'offsets'/,
  );
  assertRejects(
    buffer({ __metadata__: { epochs: 3 } }),
    /metadata value of 'epochs' must be a string/,
  );
  assertRejects(buffer({ __metadata__: ['pt'] }), /__metadata__ must be an object/);
});

test('decoder rejects unknown and unsupported dtypes', () => {
  assertRejects(
    buffer({ w: { dtype: 'float32', shape: [1], data_offsets: [0, 4] } }, 4),
    /tensor 'w' has unknown dtype "float32"/,
  );
  assertRejects(
    buffer({ w: { dtype: 'constructor', shape: [1], data_offsets: [0, 4] } }, 4),
    /tensor 'w' has unknown dtype "constructor"/,
  );
  assertRejects(
    buffer({ w: { dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] } }, 4),
    /tensor 'w' has dtype F8_E4M3, which rnnlab does not read/,
  );
});

test('decoder rejects malformed shapes and offsets', () => {
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4),
    /tensor 'w'.*non-negative integers/,
  );
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, 4),
    /tensor 'w'.*non-negative integers/,
  );
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 4] } }, 4),
    /tensor 'w'.*has more than/,
  );
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, 8),
    /tensor 'w' needs data_offsets \[begin, end\]/,
  );
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [1], data_offsets: [-4, 0] } }, 4),
    /tensor 'w' needs data_offsets/,
  );
  assertRejects(
    buffer({ w: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, 4),
    /tensor 'w' has data_offsets \[4, 0\] that end before they begin/,
  );
});

test('decoder rejects out-of-range offsets', () => {
  assertRejects(buffer(f32('w', [3], 0), 8), /tensor 'w' has data_offsets \[0, 12\] past the end/);
});

test('decoder rejects shape and size mismatch', () => {
  assertRejects(
    buffer({ w: { dtype: 'F64', shape: [2, 2], data_offsets: [0, 16] } }, 16),
    /tensor 'w' has dtype F64 and shape \[2, 2\], which take 32 bytes, .* span 16/,
  );
});

test('decoder rejects overlapping offsets', () => {
  const header = { ...f32('first', [2], 0), ...f32('second', [2], 4) };
  assertRejects(
    buffer(header, 12),
    /tensor 'second' \(bytes 4\.\.12\) overlaps tensor 'first' \(bytes 0\.\.8\)/,
  );
  const inside = {
    ...f32('outer', [2], 0),
    empty: { dtype: 'F32', shape: [0], data_offsets: [4, 4] },
  };
  assertRejects(buffer(inside, 8), /tensor 'empty' .* overlaps tensor 'outer'/);
});

test('decoder rejects gaps and trailing bytes', () => {
  const gap = { ...f32('first', [1], 0), ...f32('second', [1], 8) };
  assertRejects(buffer(gap, 12), /data bytes 4\.\.8 before tensor 'second' belong to no tensor/);
  assertRejects(buffer(f32('w', [1], 0), 12), /8 bytes after the last tensor/);
  assertRejects(buffer({}, 3), /3 bytes after the last tensor/);
});

test('encoder rejects inconsistent tensors', () => {
  assert.throws(
    () => encodeSafetensors({ w: { shape: [2, 3], data: new Float32Array(5) } }),
    /Tensor 'w' has shape \[2, 3\] \(6 elements\) but 5 data elements/,
  );
  assert.throws(
    () => encodeSafetensors({ w: { dtype: 'F64', shape: [1], data: new Float32Array(1) } }),
    /Tensor 'w' has dtype F64, which needs a float64 array, but its data is a float32 array/,
  );
  assert.throws(
    () => encodeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } }),
    /Invalid tensor name "__metadata__"/,
  );
  assert.throws(
    () => {
      const dtype = 'toString' as 'F32';
      return encodeSafetensors({ w: { dtype, shape: [1], data: Float32Array.of(1) } });
    },
    /Tensor 'w' has unsupported dtype 'toString'/,
  );
  assert.throws(
    () => encodeSafetensors({ w: { shape: [-1], data: new Float32Array(0) } }),
    /Invalid shape for tensor 'w'/,
  );
});

test('file save and load round trip, errors name the path', () => {
  const folder = mkdtempSync(join(tmpdir(), 'rnnlab-safetensors-'));
  try {
    const path = join(folder, 'run', 'model.safetensors');
    const tensors = { 'fc.bias': { shape: [2], data: Float32Array.of(1, 2) } };
    saveSafetensors(path, tensors, { cell: 'gru' });
    const loaded = loadSafetensors(path);
    assert.deepEqual([...loaded.tensors['fc.bias'].data], [1, 2]);
    assert.deepEqual(loaded.metadata, { cell: 'gru' });

    const broken = join(folder, 'broken.safetensors');
    writeFileSync(broken, new Uint8Array(3));
    assert.throws(() => loadSafetensors(broken), new RegExp(`${broken}: .*truncated to 3 bytes`));
    assert.throws(
      () => loadSafetensors(join(folder, 'missing.safetensors')),
      /Failed to read safetensors file .*missing\.safetensors/,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
