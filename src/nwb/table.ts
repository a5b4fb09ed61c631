/**
 * HDMF DynamicTable groups (units, trials, epochs, electrodes): describing their columns from
 * shapes and types alone, and reading one column at a time as typed values.
 *
 * A column `x` is the dataset `x`. When `x_index` exists the column is ragged: row i spans
 * `x[x_index[i-1]:x_index[i]]` (from 0 for the first row), and `x_index_index` adds a second
 * level. MatNWB writes some indexes as HDF5 region references, one region of `x` per row.
 */
import type { Metadata, OutputData } from 'h5wasm';

import { H5T, type NwbFile } from './file.js';

/** Values of a column that is not ragged, one per row (numbers may have extra dimensions). */
export type FlatColumn =
  | { kind: 'number'; values: Float64Array; shape: number[] }
  | { kind: 'string'; values: string[] }
  | { kind: 'boolean'; values: boolean[] }
  | { kind: 'reference'; values: (string | null)[] }
  | { kind: 'compound'; values: Record<string, number | string | null>[] };

/** A ragged column: row i spans `data[ends[i-1]:ends[i]]`, with `ends[-1]` taken as 0. */
export interface RaggedColumn {
  kind: 'ragged';
  ends: Float64Array;
  data: TableColumn;
}

export type TableColumn = FlatColumn | RaggedColumn;

export type ValueKind = FlatColumn['kind'];

/** Description of a column, read from its metadata without reading its values. */
export interface ColumnInfo {
  name: string;
  /** Kind of the innermost values. */
  kind: ValueKind;
  /** HDF5 element type in NumPy-like words: `float64`, `int32`, `string`, `bool`, ... */
  dtype: string;
  /** 0 for a flat column, 1 with an `_index` dataset, 2 with `_index_index`. */
  raggedDepth: number;
  /** True when the index is stored as HDF5 region references (MatNWB). */
  regionIndex: boolean;
  /** False for a column found in the group but missing from the `colnames` attribute. */
  listed: boolean;
}

export interface TableInfo {
  name: string;
  path: string;
  neurodataType: string | null;
  description: string | null;
  rows: number;
  columns: ColumnInfo[];
}

/**
 * Describes the table at `path`: its row count (from `id`), and every column listed in
 * `colnames` followed by the datasets the group has but `colnames` misses. Checks that every
 * column has one entry per row.
 */
export function describeTable(file: NwbFile, path: string): TableInfo {
  const names = file.childNames(path);
  const datasets = new Set(names.filter((name) => file.kind(`${path}/${name}`) === 'Dataset'));
  const isIndex = (name: string) => name.endsWith('_index') && datasets.has(name.slice(0, -6));

  const listed = (file.stringListAttribute(path, 'colnames') ?? []).filter(
    (name) => name !== 'id' && !isIndex(name),
  );
  for (const name of listed) {
    if (!datasets.has(name)) {
      throw file.error(`${path}/${name}`, `column '${name}' is listed in colnames but missing`);
    }
  }
  const unlisted = [...datasets].filter(
    (name) => name !== 'id' && !isIndex(name) && !listed.includes(name),
  );

  const rows = datasets.has('id')
    ? (file.shape(`${path}/id`)[0] ?? 0)
    : columnRows(file, path, listed[0] ?? unlisted[0]);
  const columns: ColumnInfo[] = [];
  for (const name of [...listed, ...unlisted]) {
    const info = describeColumn(file, path, name, listed.includes(name));
    const columnRowCount = columnRows(file, path, name);
    if (columnRowCount !== rows) {
      throw file.error(
        `${path}/${name}`,
        `column has ${columnRowCount} rows but the table has ${rows} ids`,
      );
    }
    columns.push(info);
  }

  const description = file.attribute(path, 'description');
  return {
    name: path.split('/').filter(Boolean).at(-1) ?? path,
    path: path.startsWith('/') ? path : `/${path}`,
    neurodataType: file.neurodataType(path),
    description: typeof description === 'string' ? description : null,
    rows,
    columns,
  };
}

/** Reads the row ids of a table (`id`), or 0, 1, ... when the group has no `id` dataset. */
export function readTableIds(file: NwbFile, path: string, rows: number): Float64Array {
  if (file.optionalDataset(`${path}/id`) === null) {
    return Float64Array.from({ length: rows }, (_, i) => i);
  }
  return file.readNumbers(`${path}/id`);
}

/** Reads one column of the table at `tablePath`, ragged levels included. */
export function readColumn(file: NwbFile, tablePath: string, name: string): TableColumn {
  const dataPath = `${tablePath}/${name}`;
  if (file.optionalDataset(dataPath) === null) {
    throw file.error(dataPath, `column '${name}' not found in table ${tablePath}`);
  }
  if (file.optionalDataset(`${dataPath}_index_index`) !== null) {
    return readRagged(file, `${dataPath}_index`, `${dataPath}_index_index`);
  }
  if (file.optionalDataset(`${dataPath}_index`) !== null) {
    return readRagged(file, dataPath, `${dataPath}_index`);
  }
  return readFlat(file, dataPath);
}

/**
 * Reads and checks a ragged index: whole numbers that never decrease, never point past the
 * `dataLength` values of the column they index, and end at its last value. Returns the row
 * ends.
 */
export function readRaggedEnds(file: NwbFile, indexPath: string, dataLength: number): Float64Array {
  const ends = file.readNumbers(indexPath);
  let previous = 0;
  for (let row = 0; row < ends.length; row++) {
    const end = ends[row];
    if (!Number.isInteger(end) || end < 0) {
      throw file.error(indexPath, `row ${row} ends at ${end}, which is not a valid position`);
    }
    if (end < previous) {
      throw file.error(
        indexPath,
        `row ${row} ends at ${end}, before the previous row's end at ${previous}: ` +
          'a ragged index must not decrease',
      );
    }
    if (end > dataLength) {
      throw file.error(
        indexPath,
        `row ${row} ends at ${end} but the indexed dataset has only ${dataLength} values`,
      );
    }
    previous = end;
  }
  // Values after the last row's end belong to no row, so every count would miss them silently.
  if (previous < dataLength) {
    const rows = ends.length === 0 ? 'the index has no rows' : `the last row ends at ${previous}`;
    throw file.error(
      indexPath,
      `${rows} but the indexed dataset has ${dataLength} values, ` +
        `so ${dataLength - previous} value(s) belong to no row`,
    );
  }
  return ends;
}

/** True when `indexPath` stores one HDF5 region reference per row instead of row ends. */
export function isRegionIndex(file: NwbFile, indexPath: string): boolean {
  const metadata = file.metadata(indexPath);
  return metadata.type === H5T.reference && metadata.ref_type === 'region';
}

/**
 * Reads a region-reference index (MatNWB) as one row of values per region, concatenated into
 * a ragged column.
 */
export function readRegionIndexed(file: NwbFile, indexPath: string): RaggedColumn {
  const references = file.read(indexPath);
  if (!Array.isArray(references)) throw file.error(indexPath, 'expected region references');
  const rows: FlatColumn[] = [];
  for (let row = 0; row < references.length; row++) {
    const region = file.guard(indexPath, () =>
      file.h5.dereference(references[row] as Parameters<typeof file.h5.dereference>[0]),
    );
    if (region === null || !('source_dataset' in region)) {
      throw file.error(indexPath, `row ${row} is not a valid region reference`);
    }
    const source = region.source_dataset.path;
    const value = file.guard(source, () => region.value);
    rows.push(toFlatColumn(file, source, value, file.metadata(source)));
  }
  return concatenateRows(file, indexPath, rows);
}

function readRagged(file: NwbFile, dataPath: string, indexPath: string): RaggedColumn {
  if (isRegionIndex(file, indexPath)) return readRegionIndexed(file, indexPath);
  const dataLength = file.shape(dataPath)[0] ?? 0;
  const ends = readRaggedEnds(file, indexPath, dataLength);

  // A second-level index points into the first-level index, which is itself ragged.
  const data = dataPath.endsWith('_index')
    ? readRagged(file, dataPath.slice(0, -6), dataPath)
    : readFlat(file, dataPath);
  return { kind: 'ragged', ends, data };
}

/** Reads a dataset (or rows `[start, end)` of it) as a flat column. */
export function readFlat(file: NwbFile, path: string, start?: number, end?: number): FlatColumn {
  return toFlatColumn(file, path, file.read(path, start, end), file.metadata(path));
}

function toFlatColumn(
  file: NwbFile,
  path: string,
  value: OutputData | null,
  metadata: Metadata,
): FlatColumn {
  const items = (): unknown[] => {
    if (Array.isArray(value)) return value;
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
    return [value];
  };

  switch (metadata.type) {
    case H5T.integer:
    case H5T.float: {
      const values = file.toFloat64(path, value);
      const shape = metadata.shape && metadata.shape.length > 0 ? metadata.shape : [values.length];
      return { kind: 'number', values, shape };
    }
    case H5T.string:
      return { kind: 'string', values: items().map((item) => String(item).replace(/\0.*$/s, '')) };
    case H5T.enum: {
      const members = metadata.enum_type?.members ?? {};
      const names = new Map(Object.entries(members).map(([name, code]) => [code, name]));
      const codes = items().map(Number);
      if (isBooleanEnum(members)) {
        return { kind: 'boolean', values: codes.map((code) => code === members.TRUE) };
      }
      return { kind: 'string', values: codes.map((code) => names.get(code) ?? String(code)) };
    }
    case H5T.reference:
      return {
        kind: 'reference',
        values: items().map((reference) => referencedPath(file, path, reference)),
      };
    case H5T.compound: {
      const members = metadata.compound_type?.members ?? [];
      const records = items().map((record) => {
        const fields = Array.isArray(record) ? record : [];
        const entry: Record<string, number | string | null> = {};
        members.forEach((member, i) => {
          entry[member.name] = compoundField(fields[i]);
        });
        return entry;
      });
      return { kind: 'compound', values: records };
    }
    default:
      throw file.error(path, `unsupported HDF5 type class ${metadata.type} in a table column`);
  }
}

function describeColumn(file: NwbFile, path: string, name: string, listed: boolean): ColumnInfo {
  const dataPath = `${path}/${name}`;
  let raggedDepth = 0;
  if (file.optionalDataset(`${dataPath}_index`) !== null) raggedDepth = 1;
  if (file.optionalDataset(`${dataPath}_index_index`) !== null) raggedDepth = 2;
  const regionIndex = raggedDepth > 0 && isRegionIndex(file, `${dataPath}_index`);
  const metadata = file.metadata(dataPath);
  return {
    name,
    kind: valueKind(metadata),
    dtype: dtypeName(metadata),
    raggedDepth,
    regionIndex,
    listed,
  };
}

function columnRows(file: NwbFile, path: string, name: string | undefined): number {
  if (name === undefined) return 0;
  const base = `${path}/${name}`;
  for (const candidate of [`${base}_index_index`, `${base}_index`, base]) {
    if (file.optionalDataset(candidate) !== null) return file.shape(candidate)[0] ?? 1;
  }
  return 0;
}

/** Maps HDF5 metadata to the kind of values a column contains. */
export function valueKind(metadata: Metadata): ValueKind {
  switch (metadata.type) {
    case H5T.integer:
    case H5T.float:
      return 'number';
    case H5T.string:
      return 'string';
    case H5T.enum:
      return isBooleanEnum(metadata.enum_type?.members ?? {}) ? 'boolean' : 'string';
    case H5T.reference:
      return 'reference';
    case H5T.compound:
      return 'compound';
    default:
      return 'number';
  }
}

/** Names an HDF5 element type the way NumPy users read it (`float64`, `uint8`, `string`). */
export function dtypeName(metadata: Metadata): string {
  switch (metadata.type) {
    case H5T.integer:
      return `${metadata.signed ? 'int' : 'uint'}${metadata.size * 8}`;
    case H5T.float:
      return `float${metadata.size * 8}`;
    case H5T.string:
      return 'string';
    case H5T.enum:
      return isBooleanEnum(metadata.enum_type?.members ?? {}) ? 'bool' : 'enum';
    case H5T.reference:
      return metadata.ref_type === 'region' ? 'region reference' : 'object reference';
    case H5T.compound: {
      const members = metadata.compound_type?.members ?? [];
      return `compound(${members.map((member) => member.name).join(', ')})`;
    }
    default:
      return `HDF5 type class ${metadata.type}`;
  }
}

function isBooleanEnum(members: Record<string, number>): boolean {
  const names = Object.keys(members).sort();
  return names.length === 2 && names[0] === 'FALSE' && names[1] === 'TRUE';
}

function referencedPath(file: NwbFile, path: string, reference: unknown): string | null {
  if (reference === null || typeof reference !== 'object' || !('ref_data' in reference)) {
    return null;
  }
  const target = file.guard(path, () =>
    file.h5.dereference(reference as Parameters<typeof file.h5.dereference>[0]),
  );
  if (target === null) return null;
  if ('path' in target && typeof target.path === 'string') return target.path;
  if ('source_dataset' in target) return target.source_dataset.path;
  return null;
}

function compoundField(field: unknown): number | string | null {
  // NOTE: h5wasm 0.10.3 returns an empty array for a reference member of a compound (such as
  // the `timeseries` member of an epochs table), so such members come back as null.
  if (typeof field === 'number' || typeof field === 'string') return field;
  if (typeof field === 'bigint') return Number(field);
  if (typeof field === 'boolean') return field ? 1 : 0;
  return null;
}

function concatenateRows(file: NwbFile, indexPath: string, rows: FlatColumn[]): RaggedColumn {
  const ends = new Float64Array(rows.length);
  let total = 0;
  rows.forEach((row, i) => {
    total += row.values.length;
    ends[i] = total;
  });
  const kind = rows[0]?.kind ?? 'number';
  if (rows.some((row) => row.kind !== kind)) {
    throw file.error(indexPath, 'region references point to datasets of different types');
  }
  if (kind === 'number') {
    const values = new Float64Array(total);
    let offset = 0;
    for (const row of rows) {
      values.set(row.values as Float64Array, offset);
      offset += row.values.length;
    }
    return { kind: 'ragged', ends, data: { kind: 'number', values, shape: [total] } };
  }
  const values = rows.flatMap((row) => row.values as unknown[]);
  return { kind: 'ragged', ends, data: { kind, values } as FlatColumn };
}
