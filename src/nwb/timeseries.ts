/**
 * TimeSeries under `/acquisition` and `/processing`: a `data` dataset sampled either at a
 * fixed rate from `starting_time` or at explicit `timestamps`, both in seconds.
 */
import type { NwbFile } from './file.js';
import { dtypeName } from './table.js';

/** Shape and timing of one TimeSeries, read without reading its data. */
export interface TimeSeriesInfo {
  path: string;
  neurodataType: string | null;
  shape: number[];
  dtype: string;
  /** The `unit` attribute of `data`, such as `volts`. */
  unit: string | null;
  /** Sampling rate in Hz when the series is regularly sampled. */
  rateHz: number | null;
  startingTimeS: number | null;
  /** Count and first and last values of `timestamps` when the series has them. */
  timestamps: { count: number; firstS: number | null; lastS: number | null } | null;
}

const MAX_DEPTH = 8;

/** Finds every TimeSeries under `/acquisition` and `/processing`, in path order. */
export function describeTimeSeries(file: NwbFile): TimeSeriesInfo[] {
  const found: TimeSeriesInfo[] = [];
  for (const root of ['/acquisition', '/processing']) {
    if (file.optionalGroup(root) !== null) collect(file, root, 0, found);
  }
  return found;
}

function collect(file: NwbFile, path: string, depth: number, found: TimeSeriesInfo[]): void {
  if (depth > MAX_DEPTH) return;
  const children = file.childNames(path);
  const hasData = children.includes('data') && file.optionalDataset(`${path}/data`) !== null;
  const hasTiming = children.includes('timestamps') || children.includes('starting_time');
  if (hasData && hasTiming) {
    found.push(describeOne(file, path));
    return;
  }
  for (const name of children) {
    const child = `${path}/${name}`;
    if (file.kind(child) === 'Group') collect(file, child, depth + 1, found);
  }
}

function describeOne(file: NwbFile, path: string): TimeSeriesInfo {
  const metadata = file.metadata(`${path}/data`);
  const unit = file.attribute(`${path}/data`, 'unit');
  let rateHz: number | null = null;
  let startingTimeS: number | null = null;
  if (file.optionalDataset(`${path}/starting_time`) !== null) {
    const start = file.readScalar(`${path}/starting_time`);
    const rate = file.attribute(`${path}/starting_time`, 'rate');
    startingTimeS = typeof start === 'number' ? start : null;
    rateHz = typeof rate === 'number' ? rate : null;
  }

  let timestamps: TimeSeriesInfo['timestamps'] = null;
  if (file.optionalDataset(`${path}/timestamps`) !== null) {
    const count = file.shape(`${path}/timestamps`)[0] ?? 0;
    const first = count > 0 ? file.readNumbers(`${path}/timestamps`, 0, 1)[0] : null;
    const last = count > 0 ? file.readNumbers(`${path}/timestamps`, count - 1, count)[0] : null;
    timestamps = { count, firstS: first, lastS: last };
  }

  return {
    path,
    neurodataType: file.neurodataType(path),
    shape: metadata.shape ?? [],
    dtype: dtypeName(metadata),
    unit: typeof unit === 'string' ? unit : null,
    rateHz,
    startingTimeS,
    timestamps,
  };
}
