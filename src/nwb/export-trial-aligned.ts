/**
 * Writes trial-aligned results to a folder, each file atomically:
 *
 * - `counts.npy` int32 (trials, units, bins): spike counts per bin;
 * - `psth.npy` float64 (groups, units, bins): firing rates, spikes/s;
 * - `time.npy` float64 (bins): bin centres relative to the alignment event, seconds;
 * - `metadata.json`: groups, trial ids, unit ids, bin edges and the alignment settings;
 * - `psth.csv` (group, unit_id, time_s, rate_hz) and `trials.csv` (trial_id, row, group,
 *   align_time_s).
 */
import { join } from 'node:path';

import { writeFileAtomic } from '../io/atomic-write.js';
import { writeNpy } from '../io/npy.js';
import type { TrialAligned } from '../neural/trial-aligned.js';

/** Contents of `metadata.json`. */
export interface TrialAlignedMetadata {
  source: string;
  table: string;
  alignment: {
    column: string;
    /** `session`, or the column added to the align column's values, such as `start_time`. */
    relativeTo: string;
    relativeToDetected: boolean;
    windowS: [number, number];
    binMs: number;
    smoothMs: number | null;
    groupBy: string | null;
    where: { column: string; value: string }[];
  };
  shapes: { counts: number[]; psth: number[]; time: number[] };
  units: { ids: number[] };
  trials: { ids: number[]; rows: number[]; groups: number[]; droppedRows: number[] };
  groups: { label: string; trialCount: number }[];
  binEdgesS: number[];
}

/** Writes the arrays, metadata and CSV tables; returns the metadata written. */
export function writeTrialAligned(
  dir: string,
  aligned: TrialAligned,
  source: string,
  table: string,
): TrialAlignedMetadata {
  const { binned, psth, options } = aligned;
  const countsShape = [binned.trials, binned.units, binned.bins];
  const psthShape = [psth.groups, psth.units, psth.bins];
  writeNpy(join(dir, 'counts.npy'), binned.counts, countsShape);
  writeNpy(join(dir, 'psth.npy'), psth.rates, psthShape);
  writeNpy(join(dir, 'time.npy'), aligned.timeS, [aligned.timeS.length]);

  const metadata: TrialAlignedMetadata = {
    source,
    table,
    alignment: {
      column: options.align,
      relativeTo: aligned.reference.relativeTo,
      relativeToDetected: aligned.reference.detected,
      windowS: [options.window.startS, options.window.endS],
      binMs: options.binMs,
      smoothMs: options.smoothMs ?? null,
      groupBy: options.groupBy ?? null,
      where: (options.where ?? []).map((filter) => ({ ...filter })),
    },
    shapes: { counts: countsShape, psth: psthShape, time: [aligned.timeS.length] },
    units: { ids: aligned.unitIds },
    trials: {
      ids: aligned.trialIds,
      rows: aligned.trialRows,
      groups: aligned.trialGroups,
      droppedRows: aligned.droppedRows,
    },
    groups: aligned.groups,
    binEdgesS: Array.from(binned.edgesS),
  };
  writeFileAtomic(join(dir, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
  writeFileAtomic(join(dir, 'psth.csv'), psthCsv(aligned));
  writeFileAtomic(join(dir, 'trials.csv'), trialsCsv(aligned));
  return metadata;
}

function psthCsv(aligned: TrialAligned): string {
  const { units, bins } = aligned.psth;
  const lines = ['group,unit_id,time_s,rate_hz'];
  aligned.groups.forEach((group, g) => {
    for (let u = 0; u < units; u++) {
      for (let k = 0; k < bins; k++) {
        const rate = aligned.psth.rates[(g * units + u) * bins + k];
        lines.push(`${csvField(group.label)},${aligned.unitIds[u]},${aligned.timeS[k]},${rate}`);
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

function trialsCsv(aligned: TrialAligned): string {
  const lines = ['trial_id,row,group,align_time_s'];
  aligned.trialRows.forEach((row, i) => {
    const label = aligned.groups[aligned.trialGroups[i]].label;
    lines.push(`${aligned.trialIds[i]},${row},${csvField(label)},${aligned.alignS[i]}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Quotes a CSV field when it contains a comma, a quote or a line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
