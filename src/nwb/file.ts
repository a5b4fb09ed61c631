/**
 * An open NWB 2.x file: typed access to its groups, datasets and attributes by HDF5 path, with
 * every failure reported as an {@link NwbError} that names the file and the object. Runs in a
 * browser as well as in Node.js, because it only uses an h5wasm `File` that the caller opened.
 */
import type { Dataset, Entity, File as H5File, Group, Metadata, OutputData } from 'h5wasm';

import { NwbError, hdf5ErrorCause } from './errors.js';

/** HDF5 datatype classes as h5wasm's metadata `type` field reports them (`H5T_class_t`). */
export const H5T = {
  integer: 0,
  float: 1,
  string: 3,
  compound: 6,
  reference: 7,
  enum: 8,
} as const;

/** A value read from an attribute or a scalar dataset, with 1-element arrays unwrapped. */
export type ScalarValue = string | number | boolean | null;

export class NwbFile {
  /** File name used in error messages, as the user gave it. */
  readonly fileName: string;
  readonly h5: H5File;
  /** The root's `nwb_version` attribute, for example `2.4.0` or `2.0b`. */
  readonly nwbVersion: string;

  /**
   * Wraps an open h5wasm file and checks that it is NWB 2.x. NWB 1.x files (a `nwb_version`
   * dataset such as `NWB-1.0.5` instead of the root attribute) are rejected, because their
   * layout is different throughout.
   */
  constructor(h5: H5File, fileName: string) {
    this.h5 = h5;
    this.fileName = fileName;
    this.nwbVersion = this.checkVersion();
  }

  /** Closes the underlying HDF5 file; the object must not be used afterwards. */
  close(): void {
    this.h5.close();
  }

  /** Builds an error that names this file and `objectPath`. */
  error(objectPath: string, problem: string): NwbError {
    return new NwbError(this.fileName, absolute(objectPath), problem);
  }

  /** Returns the entity at `path`, or null when nothing is there. */
  entity(path: string): Entity | null {
    return this.guard(path, () => this.h5.get(path));
  }

  /** HDF5 object type at `path` (`Group`, `Dataset`, `BrokenSoftLink`, ...), or null. */
  kind(path: string): string | null {
    const entity = this.entity(path);
    if (entity === null) return null;
    return 'type' in entity ? String(entity.type) : 'Reference';
  }

  /** Returns the group at `path`, or null when there is none. */
  optionalGroup(path: string): Group | null {
    const kind = this.kind(path);
    if (kind === null) return null;
    if (kind !== 'Group') throw this.error(path, `expected a group, found ${kind}`);
    return this.entity(path) as Group;
  }

  group(path: string): Group {
    const group = this.optionalGroup(path);
    if (group === null) throw this.error(path, 'group not found');
    return group;
  }

  /** Returns the dataset at `path`, or null when there is none. */
  optionalDataset(path: string): Dataset | null {
    const kind = this.kind(path);
    if (kind === null) return null;
    if (kind !== 'Dataset') throw this.error(path, `expected a dataset, found ${kind}`);
    return this.entity(path) as Dataset;
  }

  dataset(path: string): Dataset {
    const dataset = this.optionalDataset(path);
    if (dataset === null) throw this.error(path, 'dataset not found');
    return dataset;
  }

  /** Names of the links in the group at `path`, sorted. */
  childNames(path: string): string[] {
    const group = this.group(path);
    return this.guard(path, () => group.keys()).sort();
  }

  metadata(path: string): Metadata {
    const dataset = this.dataset(path);
    return this.guard(path, () => dataset.metadata);
  }

  /** Dataset shape; a scalar dataset has shape `[]`. */
  shape(path: string): number[] {
    return this.metadata(path).shape ?? [];
  }

  /** Reads a whole dataset, or the rows `[start, end)` of its first dimension. */
  read(path: string, start?: number, end?: number): OutputData | null {
    const dataset = this.dataset(path);
    if (start === undefined) return this.guard(path, () => dataset.value);
    const rows = this.shape(path)[0] ?? 0;
    const stop = end ?? rows;
    if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop > rows) {
      throw this.error(path, `rows [${start}, ${stop}) are outside the dataset's ${rows} rows`);
    }
    if (start > stop) throw this.error(path, `slice start ${start} is after its end ${stop}`);
    if (start === stop) return this.guard(path, () => dataset.slice([[0, 0]]));
    return this.guard(path, () => dataset.slice([[start, stop]]));
  }

  /** Reads a numeric dataset (or rows `[start, end)` of it) as float64, BigInt included. */
  readNumbers(path: string, start?: number, end?: number): Float64Array {
    const type = this.metadata(path).type;
    if (type !== H5T.integer && type !== H5T.float) {
      throw this.error(path, `expected numbers, found HDF5 type class ${type}`);
    }
    return this.toFloat64(path, this.read(path, start, end));
  }

  /** Reads a string dataset as an array of strings (a scalar becomes one element). */
  readStrings(path: string): string[] {
    const value = this.read(path);
    const values = Array.isArray(value) ? value : [value];
    return values.map((item) => {
      if (typeof item !== 'string') throw this.error(path, 'expected strings');
      return trimNul(item);
    });
  }

  /** Reads a scalar dataset, or a 1-element array as MatNWB writes, as one value. */
  readScalar(path: string): ScalarValue {
    return this.toScalar(path, this.read(path));
  }

  /** Reads an attribute as one value, or null when it is absent. */
  attribute(path: string, name: string): ScalarValue {
    const value = this.rawAttribute(path, name);
    if (value === undefined) return null;
    return this.toScalar(`${path} attribute ${name}`, value);
  }

  /** Reads an attribute without unwrapping, or undefined when it is absent. */
  rawAttribute(path: string, name: string): OutputData | null | undefined {
    const entity = this.entity(path);
    if (entity === null) throw this.error(path, 'object not found');
    if (!('attrs' in entity)) return undefined;
    const attributes = this.guard(path, () => entity.attrs);
    const attribute = attributes[name];
    if (attribute === undefined) return undefined;
    return this.guard(`${path} attribute ${name}`, () => attribute.value);
  }

  /** Reads an attribute that lists strings, such as a table's `colnames`. */
  stringListAttribute(path: string, name: string): string[] | null {
    const value = this.rawAttribute(path, name);
    if (value === undefined || value === null) return null;
    const values = Array.isArray(value) ? value : [value];
    return values.map((item) => {
      if (typeof item !== 'string') throw this.error(path, `attribute ${name} must list strings`);
      return trimNul(item);
    });
  }

  /** Reads the `neurodata_type` attribute of the object at `path`, or returns null. */
  neurodataType(path: string): string | null {
    const value = this.attribute(path, 'neurodata_type');
    return typeof value === 'string' ? value : null;
  }

  /** Converts numbers, typed arrays or BigInt arrays to float64, rejecting unsafe integers. */
  toFloat64(path: string, value: OutputData | null): Float64Array {
    if (value instanceof Float64Array) return value;
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
      const result = new Float64Array(value.length);
      for (let i = 0; i < value.length; i++) result[i] = this.safeNumber(path, value[i]);
      return result;
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Float64Array.from(value as ArrayLike<number>);
    }
    if (typeof value === 'number') return Float64Array.of(value);
    if (typeof value === 'bigint') return Float64Array.of(this.safeNumber(path, value));
    if (typeof value === 'boolean') return Float64Array.of(value ? 1 : 0);
    if (Array.isArray(value) && value.every((item) => typeof item === 'number')) {
      return Float64Array.from(value as number[]);
    }
    throw this.error(path, 'expected numbers');
  }

  /** Runs an h5wasm call and turns its HDF5 error stack into one line naming `path`. */
  guard<T>(path: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof NwbError) throw error;
      throw this.error(path, `HDF5 read failed: ${hdf5ErrorCause(error)}`);
    }
  }

  private safeNumber(path: string, value: bigint): number {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw this.error(path, `integer ${value} is too large to represent exactly as a number`);
    }
    return Number(value);
  }

  private toScalar(path: string, value: OutputData | null): ScalarValue {
    if (value === null) return null;
    if (typeof value === 'string') return trimNul(value);
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return this.safeNumber(path, value);
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const items = value as ArrayLike<unknown>;
      if (items.length === 1) return this.toScalar(path, items[0] as OutputData);
    }
    throw this.error(path, 'expected a single value');
  }

  private checkVersion(): string {
    const attribute = this.guard('/', () => this.attribute('/', 'nwb_version'));
    const version = typeof attribute === 'number' ? String(attribute) : attribute;
    if (typeof version === 'string' && version.length > 0) {
      if (/^(NWB-)?1\./.test(version)) throw this.nwb1Error(version);
      if (!/^2(\.|$)/.test(version)) {
        throw this.error(
          '/',
          `NWB version ${version} is not supported: only NWB 2.x files can be read`,
        );
      }
      return version;
    }

    // NWB 1.x stores the version as a dataset at /nwb_version, for example "NWB-1.0.6".
    if (this.kind('/nwb_version') === 'Dataset') {
      const text = this.readScalar('/nwb_version');
      throw this.nwb1Error(String(text));
    }
    throw this.error('/', 'missing nwb_version attribute: this HDF5 file is not an NWB 2.x file');
  }

  private nwb1Error(version: string): NwbError {
    return this.error(
      '/nwb_version',
      `NWB version ${version} is not supported: only NWB 2.x files can be read ` +
        '(convert NWB 1.x files with the NWB developers\' conversion scripts or re-export them)',
    );
  }
}

function absolute(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function trimNul(text: string): string {
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}
