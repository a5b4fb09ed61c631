/**
 * The whole trial-aligned preprocessing: select trials, align each to an event column, bin
 * the spikes of every unit, and average them into PSTHs per condition.
 */
import type { IntervalTable } from '../nwb/intervals.js';
import type { UnitSpikes } from '../nwb/units.js';
import { binSpikes, type AlignmentWindow, type BinnedSpikes } from './binning.js';
import { computePsth, type Psth } from './psth.js';
import {
  filterTrials,
  groupTrials,
  sessionAlignmentTimes,
  type AlignmentReference,
  type TrialFilter,
} from './trials.js';

export interface TrialAlignedOptions {
  /** Column of the trials table holding the alignment time of each trial, seconds. */
  align: string;
  /**
   * Reference of the align column's times: `session` (the NWB convention), a column such as
   * `start_time`, or `auto` (the default) to detect trial-relative times.
   */
  relativeTo?: string;
  window: AlignmentWindow;
  binMs: number;
  /** Gaussian smoothing sigma for the PSTH, ms; counts are never smoothed. */
  smoothMs?: number;
  groupBy?: string;
  where?: readonly TrialFilter[];
}

/** Binned counts, PSTHs and the bookkeeping needed to read them. */
export interface TrialAligned {
  binned: BinnedSpikes;
  psth: Psth;
  /** Bin centres relative to the alignment time, seconds. */
  timeS: Float64Array;
  /** Table rows and ids of the trials along the first axis of the counts. */
  trialRows: number[];
  trialIds: number[];
  /** Alignment time of each kept trial, seconds from the session start. */
  alignS: Float64Array;
  /** Index into `groups` of each kept trial. */
  trialGroups: number[];
  groups: { label: string; trialCount: number }[];
  unitIds: number[];
  /** Rows whose alignment time is NaN (no event on that trial); they are left out. */
  droppedRows: number[];
  reference: AlignmentReference;
  options: TrialAlignedOptions;
}

/** Runs the preprocessing on spikes already read from the units table. */
export function computeTrialAligned(
  units: UnitSpikes,
  table: IntervalTable,
  options: TrialAlignedOptions,
): TrialAligned {
  const { times: allAlign, reference } = sessionAlignmentTimes(
    table,
    options.align,
    options.relativeTo ?? 'auto',
  );
  const selected = filterTrials(table, options.where ?? []);
  const droppedRows = selected.filter((row) => Number.isNaN(allAlign[row]));
  const kept = selected.filter((row) => !Number.isNaN(allAlign[row]));
  if (kept.length === 0) {
    const columns =
      reference.relativeTo === 'session'
        ? options.align
        : `${options.align} or ${reference.relativeTo}`;
    throw new Error(
      `no trials left to align: ${selected.length} selected, ` +
        `${droppedRows.length} without a value in ${columns}`,
    );
  }

  const groups = groupTrials(table, kept, options.groupBy);
  const position = new Map(kept.map((row, i) => [row, i]));
  const trialGroups = new Array<number>(kept.length);
  groups.forEach((group, g) => {
    for (const row of group.rows) trialGroups[position.get(row) ?? 0] = g;
  });

  const alignS = Float64Array.from(kept, (row) => allAlign[row]);
  const binned = binSpikes(units.spikeTimes, alignS, options.window, options.binMs);
  const groupPositions = groups.map((group) => group.rows.map((row) => position.get(row) ?? 0));
  const psth = computePsth(binned, groupPositions, options.binMs, options.smoothMs);

  const timeS = new Float64Array(binned.bins);
  for (let k = 0; k < binned.bins; k++) timeS[k] = (binned.edgesS[k] + binned.edgesS[k + 1]) / 2;

  return {
    binned,
    psth,
    timeS,
    trialRows: kept,
    trialIds: kept.map((row) => table.ids[row]),
    alignS,
    trialGroups,
    groups: groups.map((group) => ({ label: group.label, trialCount: group.rows.length })),
    unitIds: Array.from(units.ids),
    droppedRows,
    reference,
    options,
  };
}
