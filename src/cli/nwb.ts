/**
 * `rnnlab nwb`: inspect NWB files and turn their spikes into trial-aligned arrays and PSTHs.
 */
import { mkdirSync } from 'node:fs';

import { Command, Option } from 'commander';

import { computeTrialAligned } from '../neural/trial-aligned.js';
import { parseTrialFilter, type TrialFilter } from '../neural/trials.js';
import { writeTrialAligned } from '../nwb/export-trial-aligned.js';
import { readIntervalTable } from '../nwb/intervals.js';
import { withNwbFile } from '../nwb/open-file.js';
import { psthFigureSpec } from '../nwb/psth-figure.js';
import { summarizeNwb, type ColumnSummary, type NwbSummary } from '../nwb/summary.js';
import type { NwbFile } from '../nwb/file.js';
import { describeTable, readTableIds } from '../nwb/table.js';
import { readUnitSpikes, UNITS_PATH } from '../nwb/units.js';
import { writeFigure } from '../report/render.js';

/** Options of `rnnlab nwb psth`, as parsed from the command line. */
export interface NwbPsthOptions {
  align: string;
  relativeTo: string;
  window: string;
  bin: string;
  smooth?: string;
  groupBy?: string;
  where?: string[];
  table?: string;
  out: string;
  figures?: boolean;
  /** Comma-separated unit ids to keep, as listed in the units table's `id` column. */
  units?: string;
}

export function registerNwb(program: Command): void {
  const nwb = program.command('nwb').description('inspect NWB recordings and compute PSTHs');

  nwb
    .command('info')
    .description(
      'summarize an NWB file: NWB version, session, subject, units, electrodes, interval ' +
        'tables, time series',
    )
    .argument('<file>', 'NWB 2.x file')
    .option('--json', 'print one JSON object instead of text')
    .action(async (file: string, options: { json?: boolean }) => {
      process.stdout.write(await nwbInfo(file, options.json === true));
    });

  nwb
    .command('psth')
    .description('bin spikes around an event, average per condition, write arrays and figures')
    .argument('<file>', 'NWB 2.x file with a units table and a trials table')
    .requiredOption('--align <column>', 'trials column with the alignment time (seconds)')
    .option(
      '--relative-to <column>',
      "what the align column counts from: 'session', a column such as start_time, or 'auto' " +
        "(start_time when every align time precedes its trial's start_time)",
      'auto',
    )
    .requiredOption(
      '--window <start,end>',
      'window around the alignment time, in seconds, e.g. -0.5,1.5',
    )
    .requiredOption('--bin <ms>', 'bin width in milliseconds')
    .option('--smooth <ms>', 'Gaussian smoothing sigma of the PSTH in milliseconds')
    .option('--group-by <column>', 'trials column whose values define the conditions')
    .addOption(
      new Option('--where <column=value>', 'keep only trials with this value (repeatable)')
        .argParser((value: string, previous: string[] = []) => [...previous, value]),
    )
    .option('--table <name>', 'interval table under /intervals', 'trials')
    .option('--units <ids>', 'comma-separated unit ids to include (default: all units)')
    .option('--no-figures', 'skip the SVG and PNG figure per unit')
    .requiredOption('--out <dir>', 'output folder')
    .action(async (file: string, options: NwbPsthOptions) => {
      const summary = await nwbPsth(file, options);
      process.stdout.write(`${summary}\n`);
    });
}

/** Returns the text (or JSON) that `rnnlab nwb info` prints. */
export async function nwbInfo(file: string, json: boolean): Promise<string> {
  const summary = await withNwbFile(file, (nwbFile) => summarizeNwb(nwbFile));
  return json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary);
}

/** Runs `rnnlab nwb psth` and returns its one-line summary. */
export async function nwbPsth(file: string, options: NwbPsthOptions): Promise<string> {
  const window = parseWindow(options.window);
  const binMs = parsePositive(options.bin, '--bin');
  const smoothMs =
    options.smooth === undefined ? undefined : parsePositive(options.smooth, '--smooth');
  const where: TrialFilter[] = (options.where ?? []).map(parseTrialFilter);
  const tableName = options.table ?? 'trials';

  const { aligned, units } = await withNwbFile(file, (nwbFile) => {
    const table = readIntervalTable(nwbFile, tableName);
    const rows = options.units === undefined ? undefined : unitRows(nwbFile, options.units);
    const spikes = readUnitSpikes(nwbFile, rows);
    const result = computeTrialAligned(spikes, table, {
      align: options.align,
      relativeTo: options.relativeTo,
      window,
      binMs,
      smoothMs,
      groupBy: options.groupBy,
      where,
    });
    return { aligned: result, units: spikes };
  });

  mkdirSync(options.out, { recursive: true });
  writeTrialAligned(options.out, aligned, file, `/intervals/${tableName}`);
  if (options.figures !== false) {
    if (aligned.unitIds.length > 10) {
      process.stderr.write(`rendering ${aligned.unitIds.length} unit figures\n`);
    }
    for (let unit = 0; unit < aligned.unitIds.length; unit++) {
      const spec = psthFigureSpec(aligned, units, unit);
      await writeFigure(options.out, `unit-${aligned.unitIds[unit]}`, spec);
    }
  }
  const { trials, units: unitCount, bins } = aligned.binned;
  const { relativeTo, detected } = aligned.reference;
  let note = '';
  if (relativeTo !== 'session' && detected) {
    note =
      ` (${options.align} taken as counting from ${relativeTo}, ` +
      `because every value precedes its trial's ${relativeTo})`;
  } else if (relativeTo !== 'session') {
    note = ` (${options.align} counted from ${relativeTo})`;
  }
  return (
    `wrote ${trials} trials x ${unitCount} units x ${bins} bins, ` +
    `${aligned.groups.length} group(s), to ${options.out}${note}`
  );
}

/** Maps `--units` ids to rows of the units table, rejecting ids the table does not have. */
function unitRows(file: NwbFile, text: string): number[] {
  const ids = text.split(',').map((part) => part.trim());
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) {
    throw new Error(`unit id '${repeated}' is given twice in --units '${text}'`);
  }
  const table = describeTable(file, UNITS_PATH);
  const allIds = Array.from(readTableIds(file, UNITS_PATH, table.rows));
  return ids.map((id) => {
    const row = allIds.indexOf(Number(id));
    if (id === '' || row === -1) {
      const examples = allIds.slice(0, 10).join(', ');
      throw new Error(`unit id '${id}' not found in ${UNITS_PATH}; ids start ${examples}`);
    }
    return row;
  });
}

function parseWindow(text: string): { startS: number; endS: number } {
  const parts = text.split(',').map((part) => part.trim());
  const [startS, endS] = parts.map(Number);
  const invalid = parts.some((part) => part === '') || [startS, endS].some(Number.isNaN);
  if (parts.length !== 2 || invalid) {
    throw new Error(`invalid --window '${text}': expected START,END in seconds, e.g. -0.5,1.5`);
  }
  if (startS >= endS) {
    throw new Error(`invalid --window '${text}': the start (${startS} s) must be before the end`);
  }
  return { startS, endS };
}

function parsePositive(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`invalid ${option} '${text}': expected a positive number of milliseconds`);
  }
  return value;
}

/** Formats the summary as the plain text that `rnnlab nwb info` prints. */
export function formatSummary(summary: NwbSummary): string {
  const lines: string[] = [];
  lines.push(`${summary.file}`);
  lines.push(`  NWB version        ${summary.nwbVersion}`);
  lines.push(`  identifier         ${summary.identifier ?? '-'}`);
  lines.push(`  session            ${summary.sessionDescription || '-'}`);
  lines.push(`  session start      ${summary.sessionStartTime ?? '-'}`);
  if (summary.subject) {
    const fields = Object.entries(summary.subject)
      .filter(([, value]) => value !== null && value !== '')
      .map(([name, value]) => `${name}=${value}`);
    lines.push(`  subject            ${fields.join(', ') || '-'}`);
  }

  lines.push('');
  if (summary.units) {
    lines.push(`units: ${summary.units.count} units, ${summary.units.spikeCount} spikes`);
    for (const column of summary.units.columns) lines.push(columnLine(column));
  } else {
    lines.push('units: none');
  }
  if (summary.electrodes) {
    lines.push(`electrodes: ${summary.electrodes.count} rows`);
    lines.push(`  columns: ${summary.electrodes.columns.map((column) => column.name).join(', ')}`);
  }

  const tables = Object.entries(summary.intervals);
  lines.push('');
  lines.push(tables.length > 0 ? 'intervals:' : 'intervals: none');
  for (const [name, table] of tables) {
    lines.push(`  ${name}: ${table.rows} rows`);
    for (const column of table.columns) lines.push(`  ${columnLine(column)}`);
  }

  lines.push('');
  lines.push(summary.timeSeries.length > 0 ? 'time series:' : 'time series: none');
  for (const series of summary.timeSeries) {
    const timing =
      series.rateHz !== null
        ? `${series.rateHz} Hz from ${series.startingTimeS ?? 0} s`
        : series.timestamps
          ? `${series.timestamps.count} timestamps, ${series.timestamps.firstS} to ` +
            `${series.timestamps.lastS} s`
          : 'no timing';
    const type = series.neurodataType ?? 'TimeSeries';
    lines.push(
      `  ${series.path} (${type}): ${series.dtype} [${series.shape.join(' x ')}] ` +
        `${series.unit ?? ''}, ${timing}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function columnLine(column: ColumnSummary): string {
  const note = column.listed ? '' : '  (not in colnames)';
  return `  ${column.name.padEnd(22)} ${column.type} (${column.dtype})${note}`;
}
