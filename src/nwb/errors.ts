/**
 * An NWB file that cannot be read as asked: the message names the file, the HDF5 object and the
 * problem, for example `session.nwb: /units/spike_times_index: row 3 ends at 2000 but ...`.
 */
export class NwbError extends Error {
  readonly file: string;
  readonly objectPath: string;
  readonly problem: string;

  constructor(file: string, objectPath: string, problem: string) {
    super(`${file}: ${objectPath}: ${problem}`);
    this.name = 'NwbError';
    this.file = file;
    this.objectPath = objectPath;
    this.problem = problem;
  }
}

/**
 * Extracts the innermost cause from an HDF5 error stack such as h5wasm throws
 * (`#006: .../H5Fsuper.c line 577 in H5F__super_read(): truncated file: eof = 150000 ...`),
 * or returns the error's first line when it is not an HDF5 stack.
 */
export function hdf5ErrorCause(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)/g)];
  const innermost = frames.at(-1)?.[1]?.trim();
  if (innermost) return innermost;
  return text.split('\n')[0]?.trim() || 'unknown HDF5 error';
}
