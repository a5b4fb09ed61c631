/**
 * Opens NWB files from disk in Node.js. h5wasm's Node build reads through the file system, so
 * datasets are read on demand and a large file is never loaded whole.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

import h5wasm from 'h5wasm/node';

import { NwbError, hdf5ErrorCause } from './errors.js';
import { NwbFile } from './file.js';

/** The 8-byte HDF5 format signature, `\x89HDF\r\n\x1a\n`. */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let ready: Promise<void> | null = null;

/**
 * Loads h5wasm once. Its throwing error handler turns HDF5 error stacks into exceptions
 * instead of the pages of diagnostics the C library prints to stderr by default.
 */
function loadHdf5(): Promise<void> {
  ready ??= h5wasm.ready.then((module) => {
    module.activate_throwing_error_handler();
    // Damaged metadata can make the library call abort(). Emscripten then prints
    // "Aborted(...)" to stderr and throws, unless the Module's onAbort hook throws first.
    // NOTE: throwing from onAbort works with h5wasm 0.10.3 but is not a documented use of it.
    (module as { onAbort?: (what: unknown) => void }).onAbort = (what) => {
      throw new Error(`the HDF5 library aborted (${String(what)}): the file is probably damaged`);
    };
  });
  return ready;
}

/**
 * Opens an NWB 2.x file read-only. Rejects, with one line naming the file, a path that does
 * not exist, a file without the HDF5 signature, a truncated or damaged HDF5 file and an NWB
 * 1.x file. Close the result with `close()`.
 */
export async function openNwbFile(path: string): Promise<NwbFile> {
  checkSignature(path);
  await loadHdf5();
  let h5: InstanceType<typeof h5wasm.File>;
  try {
    h5 = new h5wasm.File(path, 'r');
  } catch (error) {
    const cause = hdf5ErrorCause(error);
    const hint = /truncated/i.test(cause)
      ? 'the file is incomplete; download or copy it again'
      : 'the file is damaged or not readable by HDF5';
    throw new NwbError(path, '/', `cannot open the HDF5 file (${cause}): ${hint}`);
  }
  if (h5.file_id < 0n) {
    throw new NwbError(path, '/', 'cannot open the HDF5 file');
  }
  try {
    return new NwbFile(h5, path);
  } catch (error) {
    h5.close();
    throw error;
  }
}

/** Opens a file, runs `action` on it and closes it, also when `action` throws. */
export async function withNwbFile<T>(path: string, action: (file: NwbFile) => T | Promise<T>) {
  const file = await openNwbFile(path);
  try {
    return await action(file);
  } finally {
    file.close();
  }
}

/**
 * Checks for the HDF5 signature where the format allows the superblock to start: byte 0, 512,
 * 1024, 2048 and so on (HDF5 File Format Specification, section "Superblock").
 */
function checkSignature(path: string): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new NwbError(path, '/', 'is a directory, not an NWB file');
    size = stats.size;
  } catch (error) {
    if (error instanceof NwbError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${path}: file not found`);
    throw new Error(`${path}: cannot read the file (${code ?? String(error)})`);
  }

  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let offset = 0; offset + buffer.length <= size; offset = offset === 0 ? 512 : offset * 2) {
      readSync(descriptor, buffer, 0, buffer.length, offset);
      if (HDF5_SIGNATURE.every((byte, i) => buffer[i] === byte)) return;
    }
  } finally {
    closeSync(descriptor);
  }
  throw new NwbError(
    path,
    '/',
    'not an HDF5 file (no HDF5 signature found): NWB 2 files are HDF5 files, usually *.nwb',
  );
}
