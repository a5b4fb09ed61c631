import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { decodeNpy, encodeNpy, readNpy, writeNpy } from '../../src/io/npy.js';

const folder = mkdtempSync(join(tmpdir(), 'rnnlab-npy-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function numpyAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('npy round trip for each dtype', () => {
  const cases = [
    { array: new Float64Array([1.5, -2, 3e-300, Number.NaN, 5, 6]), shape: [2, 3] },
    { array: new Float32Array([0.25, -1, 7]), shape: [3] },
    { array: new Int32Array([1, -2, 2147483647, -2147483648]), shape: [2, 1, 2] },
    { array: new Float64Array([42]), shape: [] },
    { array: new Float32Array([]), shape: [0, 4] },
  ];
  for (const { array, shape } of cases) {
    const path = join(folder, `round-${array.constructor.name}-${shape.join('x')}.npy`);
    writeNpy(path, array, shape);
    const read = readNpy(path);
    assert.deepEqual(read.shape, shape);
    assert.equal(read.data.constructor, array.constructor);
    assert.deepEqual(Array.from(read.data), Array.from(array));
  }
});

test('npy header aligned to 64 bytes', () => {
  const bytes = encodeNpy(new Float64Array(6), [2, 3]);
  const headerLength = bytes[8] + 256 * bytes[9];
  assert.equal((10 + headerLength) % 64, 0);
  assert.equal(bytes[10 + headerLength - 1], 0x0a);
  assert.equal(bytes.length, 10 + headerLength + 48);
});

test('npy shape mismatch rejected', () => {
  assert.throws(
    () => encodeNpy(new Float64Array(5), [2, 3]),
    /needs 6 elements but the array has 5/,
  );
});

test('npy truncated data rejected', () => {
  const bytes = encodeNpy(new Float64Array(6), [2, 3]);
  assert.throws(() => decodeNpy(bytes.subarray(0, bytes.length - 8), 'x.npy'), /truncated/);
  assert.throws(() => decodeNpy(new Uint8Array([1, 2, 3]), 'x.npy'), /not a \.npy file/);
});

test('npy files agree with NumPy', { skip: !numpyAvailable() && 'python3 has no numpy' }, () => {
  const path = join(folder, 'for-numpy.npy');
  writeNpy(path, new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
  const script =
    'import numpy as np, sys\n' +
    'a = np.load(sys.argv[1])\n' +
    'print(a.dtype.str, a.shape, a[2, 1], a.flags["C_CONTIGUOUS"])\n' +
    'np.save(sys.argv[2], np.arange(12, dtype="<i4").reshape(2, 3, 2))\n';
  const fromNumpy = join(folder, 'from-numpy.npy');
  const output = execFileSync('python3', ['-c', script, path, fromNumpy], { encoding: 'utf8' });
  assert.equal(output.trim(), '<f4 (3, 2) 6.0 True');
  const read = readNpy(fromNumpy);
  assert.equal(read.dtype, '<i4');
  assert.deepEqual(read.shape, [2, 3, 2]);
  assert.equal(read.data[11], 11);
});

test('npy Fortran order rejected', () => {
  const bytes = encodeNpy(new Float64Array(2), [2]);
  const fortran = bytes.slice();
  const at = Buffer.from(fortran).indexOf('False');
  fortran.set(new TextEncoder().encode('True '), at);
  const path = join(folder, 'fortran.npy');
  writeFileSync(path, fortran);
  assert.throws(() => readNpy(path), /Fortran-order/);
});
