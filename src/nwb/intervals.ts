/**
 * TimeIntervals tables under `/intervals` (trials, epochs, invalid_times and any others): rows
 * with `start_time` and `stop_time` in seconds and any extra columns.
 */
import type { NwbFile } from './file.js';
import {
  describeTable,
  readColumn,
  readTableIds,
  type TableColumn,
  type TableInfo,
} from './table.js';

export const INTERVALS_PATH = '/intervals';

/** A TimeIntervals table read whole: ids and every column by name. */
export interface IntervalTable {
  info: TableInfo;
  ids: Float64Array;
  columns: Map<string, TableColumn>;
}

/**
 * Describes every table under `/intervals`: groups typed TimeIntervals, or untyped groups
 * with a `colnames` attribute as some writers leave them.
 */
export function describeIntervalTables(file: NwbFile): TableInfo[] {
  if (file.optionalGroup(INTERVALS_PATH) === null) return [];
  const tables: TableInfo[] = [];
  for (const name of file.childNames(INTERVALS_PATH)) {
    const path = `${INTERVALS_PATH}/${name}`;
    if (file.kind(path) !== 'Group') continue;
    const isTable =
      file.neurodataType(path) === 'TimeIntervals' ||
      file.rawAttribute(path, 'colnames') !== undefined;
    if (isTable) tables.push(describeTable(file, path));
  }
  return tables;
}

/** Reads the table `/intervals/<name>` (for example `trials`) with every column. */
export function readIntervalTable(file: NwbFile, name: string): IntervalTable {
  const path = `${INTERVALS_PATH}/${name}`;
  if (file.optionalGroup(path) === null) {
    const available = describeIntervalTables(file).map((table) => table.name);
    const hint = available.length > 0 ? `available: ${available.join(', ')}` : 'the file has none';
    throw file.error(path, `interval table '${name}' not found (${hint})`);
  }
  const info = describeTable(file, path);
  const columns = new Map<string, TableColumn>();
  for (const column of info.columns) columns.set(column.name, readColumn(file, path, column.name));
  return { info, ids: readTableIds(file, path, info.rows), columns };
}
