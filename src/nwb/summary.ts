/**
 * A summary of an NWB file: session, subject, units, electrodes, interval tables and time
 * series, read from metadata, indexes and shapes without reading bulk data.
 */
import { H5T, type NwbFile, type ScalarValue } from './file.js';
import { describeIntervalTables } from './intervals.js';
import { describeTable, type ColumnInfo } from './table.js';
import { describeTimeSeries, type TimeSeriesInfo } from './timeseries.js';
import { describeUnits } from './units.js';

const ELECTRODES_PATH = '/general/extracellular_ephys/electrodes';
const SUBJECT_PATH = '/general/subject';

/** A column as the summary lists it. */
export interface ColumnSummary {
  name: string;
  /** `number`, `string`, `boolean`, `reference` or `compound`, prefixed by `ragged ` if so. */
  type: string;
  dtype: string;
  /** False when the column is in the group but missing from the table's `colnames`. */
  listed: boolean;
}

export interface NwbSummary {
  file: string;
  nwbVersion: string;
  identifier: string | null;
  sessionDescription: string | null;
  sessionStartTime: string | null;
  subject: Record<string, ScalarValue> | null;
  units: { count: number; spikeCount: number; columns: ColumnSummary[] } | null;
  electrodes: { count: number; columns: ColumnSummary[] } | null;
  /** Every table under `/intervals`, by name. */
  intervals: Record<string, { rows: number; columns: ColumnSummary[] }>;
  timeSeries: TimeSeriesInfo[];
}

/** Summarizes an open NWB file. */
export function summarizeNwb(file: NwbFile): NwbSummary {
  const units = describeUnits(file);
  const electrodes =
    file.optionalGroup(ELECTRODES_PATH) === null ? null : describeTable(file, ELECTRODES_PATH);
  const intervals: NwbSummary['intervals'] = {};
  for (const table of describeIntervalTables(file)) {
    intervals[table.name] = { rows: table.rows, columns: table.columns.map(summarizeColumn) };
  }

  return {
    file: file.fileName,
    nwbVersion: file.nwbVersion,
    identifier: textOf(file, '/identifier'),
    sessionDescription: textOf(file, '/session_description'),
    sessionStartTime: textOf(file, '/session_start_time'),
    subject: readSubject(file),
    units: units && {
      count: units.count,
      spikeCount: units.spikeCount,
      columns: units.columns.map(summarizeColumn),
    },
    electrodes: electrodes && {
      count: electrodes.rows,
      columns: electrodes.columns.map(summarizeColumn),
    },
    intervals,
    timeSeries: describeTimeSeries(file),
  };
}

function summarizeColumn(column: ColumnInfo): ColumnSummary {
  const ragged = column.raggedDepth > 0 ? 'ragged '.repeat(column.raggedDepth) : '';
  return {
    name: column.name,
    type: `${ragged}${column.kind}`,
    dtype: column.dtype,
    listed: column.listed,
  };
}

/** Reads a text dataset, joining string arrays with ', '; null when absent. */
function textOf(file: NwbFile, path: string): string | null {
  if (file.optionalDataset(path) === null) return null;
  const shape = file.shape(path);
  if (shape.length === 0 || (shape.length === 1 && shape[0] === 1)) {
    const value = file.readScalar(path);
    return value === null ? null : String(value);
  }
  return file.readStrings(path).join(', ');
}

/** Reads the subject's text and number fields; other types (references, compounds) are skipped. */
function readSubject(file: NwbFile): Record<string, ScalarValue> | null {
  if (file.optionalGroup(SUBJECT_PATH) === null) return null;
  const subject: Record<string, ScalarValue> = {};
  for (const name of file.childNames(SUBJECT_PATH)) {
    const path = `${SUBJECT_PATH}/${name}`;
    if (file.optionalDataset(path) === null) continue;
    const metadata = file.metadata(path);
    const elements = (metadata.shape ?? []).reduce((product, size) => product * size, 1);
    if (metadata.type === H5T.string) subject[name] = textOf(file, path);
    else if (metadata.type !== H5T.integer && metadata.type !== H5T.float) continue;
    else if (elements === 1) subject[name] = file.readScalar(path);
    else subject[name] = Array.from(file.readNumbers(path)).join(', ');
  }
  return subject;
}
