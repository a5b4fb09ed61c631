/**
 * Trial selection for trial-aligned analyses: the alignment times from a `*_time` column,
 * filters such as `type=lick left`, and groups (conditions) by the values of one column.
 */
import type { IntervalTable } from '../nwb/intervals.js';
import type { FlatColumn } from '../nwb/table.js';

/** One `COLUMN=VALUE` condition that a trial must meet. */
export interface TrialFilter {
  column: string;
  value: string;
}

/** A condition: the trials (table rows) whose group-by column has one value. */
export interface TrialGroup {
  label: string;
  rows: number[];
}

/** Parses `COLUMN=VALUE` (the first `=` splits; the value may be empty or contain `=`). */
export function parseTrialFilter(text: string): TrialFilter {
  const split = text.indexOf('=');
  if (split <= 0) {
    throw new Error(`invalid trial filter '${text}': expected COLUMN=VALUE, e.g. type=lick left`);
  }
  return { column: text.slice(0, split).trim(), value: text.slice(split + 1).trim() };
}

/**
 * Reads the alignment times (seconds) from a floating-point column. Errors name the column by
 * `role` (`align` or `relative-to`), and the one for a missing column lists the table's
 * `*_time` columns.
 */
export function alignmentTimes(
  table: IntervalTable,
  column: string,
  role = 'align',
): Float64Array {
  const values = table.columns.get(column);
  const timeColumns = [...table.columns.keys()].filter((name) => name.endsWith('_time'));
  const hint = `time columns: ${timeColumns.join(', ') || 'none'}`;
  if (values === undefined) {
    throw new Error(`${role} column '${column}' not found in ${table.info.path}; ${hint}`);
  }
  if (values.kind !== 'number' || values.shape.length !== 1) {
    throw new Error(
      `${role} column '${column}' in ${table.info.path} must hold one number per trial ` +
        `(seconds), not ${values.kind === 'ragged' ? 'a ragged column' : values.kind}`,
    );
  }
  // NWB stores times as floating-point seconds, so an integer column most likely contains codes.
  const dtype = table.info.columns.find((info) => info.name === column)?.dtype ?? 'float64';
  if (!dtype.startsWith('float')) {
    throw new Error(
      `${role} column '${column}' in ${table.info.path} contains ${dtype} values, ` +
        `not times in seconds; ${hint}`,
    );
  }
  return values.values;
}

/** Reference point of the alignment column's times. */
export interface AlignmentReference {
  /** `session` for times from the session start, else the column they are added to. */
  relativeTo: string;
  /** True when `relativeTo` was inferred rather than requested. */
  detected: boolean;
}

/**
 * Resolves what the alignment times count from and returns them in session time (seconds).
 * NWB stores event times from the session start, but some files store them from the trial
 * start. `requested` is `session`, or a column name such as `start_time` whose value is added
 * to each trial's time, or `auto`. With `auto`, a column whose every value is earlier than its
 * own trial's `start_time` is taken as counting from `start_time`, because an event cannot
 * precede the trial that contains it.
 */
export function sessionAlignmentTimes(
  table: IntervalTable,
  column: string,
  requested: string,
): { times: Float64Array; reference: AlignmentReference } {
  const times = alignmentTimes(table, column);
  let relativeTo = requested;
  let detected = false;
  if (requested === 'auto') {
    relativeTo = precedesEveryStart(table, times) ? 'start_time' : 'session';
    detected = relativeTo !== 'session';
  }
  if (relativeTo === 'session') return { times, reference: { relativeTo, detected } };

  const offsets = alignmentTimes(table, relativeTo, 'relative-to');
  const shifted = Float64Array.from(times, (time, row) => time + offsets[row]);
  return { times: shifted, reference: { relativeTo, detected } };
}

function precedesEveryStart(table: IntervalTable, times: Float64Array): boolean {
  const start = table.columns.get('start_time');
  if (start === undefined || start.kind !== 'number') return false;
  let compared = 0;
  for (let row = 0; row < times.length; row++) {
    if (Number.isNaN(times[row]) || Number.isNaN(start.values[row])) continue;
    if (times[row] >= start.values[row]) return false;
    compared += 1;
  }
  return compared > 0;
}

/** Returns the rows (in table order) that meet every filter. */
export function filterTrials(table: IntervalTable, filters: readonly TrialFilter[]): number[] {
  let rows = Array.from({ length: table.info.rows }, (_, i) => i);
  for (const filter of filters) {
    const labels = columnLabels(table, filter.column, 'filter');
    const wanted = normalizeLabel(table, filter.column, filter.value);
    const available = new Set(labels);
    if (!available.has(wanted)) {
      const examples = [...available].sort().slice(0, 10);
      throw new Error(
        `no trial has ${filter.column}=${filter.value} in ${table.info.path}; ` +
          `values present: ${examples.join(', ')}${available.size > 10 ? ', ...' : ''}`,
      );
    }
    rows = rows.filter((row) => labels[row] === wanted);
  }
  return rows;
}

/**
 * Splits `rows` into groups by the values of `column`, ordered by value (numbers numerically,
 * text alphabetically). Without a column, all rows form one group labelled `all`.
 */
export function groupTrials(
  table: IntervalTable,
  rows: readonly number[],
  column?: string,
): TrialGroup[] {
  if (column === undefined) return [{ label: 'all', rows: [...rows] }];
  const labels = columnLabels(table, column, 'group by');
  const byLabel = new Map<string, number[]>();
  for (const row of rows) {
    const label = labels[row];
    const members = byLabel.get(label) ?? [];
    members.push(row);
    byLabel.set(label, members);
  }
  const numeric = table.columns.get(column)?.kind === 'number';
  const order = [...byLabel.keys()];
  if (numeric) order.sort((a, b) => Number(a) - Number(b));
  else order.sort();
  return order.map((label) => ({ label, rows: byLabel.get(label) ?? [] }));
}

/** Renders each row's value of a flat column as text, the form filters and groups compare. */
function columnLabels(table: IntervalTable, column: string, use: string): string[] {
  const values = table.columns.get(column);
  if (values === undefined) {
    throw new Error(
      `cannot ${use} '${column}': no such column in ${table.info.path}; ` +
        `columns: ${[...table.columns.keys()].join(', ')}`,
    );
  }
  if (values.kind === 'ragged' || values.kind === 'compound' || values.kind === 'reference') {
    throw new Error(`cannot ${use} '${column}': it is a ${values.kind} column`);
  }
  return labelsOf(values);
}

function labelsOf(values: Exclude<FlatColumn, { kind: 'compound' | 'reference' }>): string[] {
  if (values.kind === 'number') return Array.from(values.values, (value) => String(value));
  if (values.kind === 'boolean') return values.values.map((value) => String(value));
  return values.values;
}

function normalizeLabel(table: IntervalTable, column: string, value: string): string {
  const kind = table.columns.get(column)?.kind;
  if (kind === 'number') {
    const number = Number(value);
    if (value === '' || Number.isNaN(number)) {
      throw new Error(`invalid trial filter ${column}=${value}: '${column}' contains numbers`);
    }
    return String(number);
  }
  if (kind === 'boolean') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return 'true';
    if (lower === 'false' || lower === '0') return 'false';
    throw new Error(`invalid trial filter ${column}=${value}: '${column}' contains true or false`);
  }
  return value;
}
