/**
 * The units table (`/units`): sorted neurons with their spike times in seconds, stored as the
 * ragged column `spike_times` with the index `spike_times_index`.
 */
import type { NwbFile } from './file.js';
import {
  describeTable,
  isRegionIndex,
  readRaggedEnds,
  readRegionIndexed,
  readTableIds,
  type ColumnInfo,
  type TableInfo,
} from './table.js';

export const UNITS_PATH = '/units';

/** Size of the units table, read from its index without reading the spike times. */
export interface UnitsInfo {
  count: number;
  spikeCount: number;
  columns: ColumnInfo[];
  table: TableInfo;
}

/** Spike times of some units, in seconds and sorted, with the units' ids and table rows. */
export interface UnitSpikes {
  ids: Float64Array;
  rows: number[];
  spikeTimes: Float64Array[];
}

/** Describes `/units`, or returns null when the file has no units table. */
export function describeUnits(file: NwbFile): UnitsInfo | null {
  if (file.optionalGroup(UNITS_PATH) === null) return null;
  const table = describeTable(file, UNITS_PATH);
  const spikeCount = table.columns.some((column) => column.name === 'spike_times')
    ? spikeEnds(file).at(-1) ?? 0
    : 0;
  return { count: table.rows, spikeCount, columns: table.columns, table };
}

/**
 * Reads the spike times of the units at table `rows` (all units when omitted). Each unit's
 * spikes are read as one slice of `spike_times`, so a large file is never read whole.
 */
export function readUnitSpikes(file: NwbFile, rows?: readonly number[]): UnitSpikes {
  if (file.optionalGroup(UNITS_PATH) === null) {
    throw file.error(UNITS_PATH, 'the file has no units table, so it has no spike times');
  }
  const table = describeTable(file, UNITS_PATH);
  if (!table.columns.some((column) => column.name === 'spike_times')) {
    throw file.error(`${UNITS_PATH}/spike_times`, 'the units table has no spike_times column');
  }
  const allIds = readTableIds(file, UNITS_PATH, table.rows);
  const selected = rows ? [...rows] : Array.from({ length: table.rows }, (_, i) => i);
  for (const row of selected) {
    if (!Number.isInteger(row) || row < 0 || row >= table.rows) {
      throw file.error(UNITS_PATH, `unit row ${row} is outside the table's ${table.rows} rows`);
    }
  }

  const spikeTimes = regionIndexed(file)
    ? readRegionSpikes(file, selected)
    : readSlicedSpikes(file, selected);
  for (const times of spikeTimes) sortInPlace(times);
  return { ids: Float64Array.from(selected, (row) => allIds[row]), rows: selected, spikeTimes };
}

function regionIndexed(file: NwbFile): boolean {
  const indexPath = `${UNITS_PATH}/spike_times_index`;
  return file.optionalDataset(indexPath) !== null && isRegionIndex(file, indexPath);
}

/** Reads the row ends of `spike_times`. Without an index, one unit has every spike. */
function spikeEnds(file: NwbFile): Float64Array {
  const dataPath = `${UNITS_PATH}/spike_times`;
  const indexPath = `${dataPath}_index`;
  if (file.optionalDataset(indexPath) === null) {
    return Float64Array.of(file.shape(dataPath)[0] ?? 0);
  }
  if (isRegionIndex(file, indexPath)) return readRegionIndexed(file, indexPath).ends;
  return readRaggedEnds(file, indexPath, file.shape(dataPath)[0] ?? 0);
}

function readSlicedSpikes(file: NwbFile, rows: number[]): Float64Array[] {
  const ends = spikeEnds(file);
  return rows.map((row) => {
    const start = row === 0 ? 0 : ends[row - 1];
    return file.readNumbers(`${UNITS_PATH}/spike_times`, start, ends[row]);
  });
}

function readRegionSpikes(file: NwbFile, rows: number[]): Float64Array[] {
  const column = readRegionIndexed(file, `${UNITS_PATH}/spike_times_index`);
  if (column.data.kind !== 'number') {
    throw file.error(`${UNITS_PATH}/spike_times`, 'spike times must be numbers');
  }
  const values = column.data.values;
  return rows.map((row) => {
    const start = row === 0 ? 0 : column.ends[row - 1];
    return values.slice(start, column.ends[row]);
  });
}

function sortInPlace(times: Float64Array): void {
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) {
      times.sort();
      return;
    }
  }
}
