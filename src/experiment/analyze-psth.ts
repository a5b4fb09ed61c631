/**
 * The population analyses of recorded data: trajectories from the PSTH folder that
 * `rnnlab nwb psth` writes (`psth.npy`, `time.npy`, `metadata.json`), with units as
 * dimensions and groups as conditions, then PCA, the temporal scaling index, KiNeT and
 * trajectory speed, written as `analysis.json`, `analysis.html` and figures. Node.js only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  kinet,
  temporalScalingIndex,
  trajectoriesFromPsth,
  trajectoriesInComponents,
  trajectoryPca,
  trajectorySpeed,
  type ConditionAveragedTrajectories,
  type KinetAnalysis,
  type PsthGroup,
  type ScalingAnalysis,
  type SpeedAnalysis,
  type TrajectoryPca,
} from '../analysis/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readNpy } from '../io/npy.js';
import { psthAnalysisPage, psthAnalysisFigures } from '../report/sections/analysis-psth.js';
import { writeFigure } from '../report/render.js';
import { kinetJson, pcaJson, scalingJson, speedJson, stringifyAnalysis } from './analyze-json.js';

/** Files of a PSTH folder that the analysis reads. */
export const PSTH_FILES = { psth: 'psth.npy', time: 'time.npy', metadata: 'metadata.json' };

/** Components kept for KiNeT. */
const KINET_COMPONENTS = 10;

/** Options of `analysePsth`. */
export interface AnalysePsthOptions {
  /** Interval of each group in ms, in the order of `metadata.json`'s groups. */
  intervalsMs?: number[];
  /** Unit of numeric group labels when `intervalsMs` is absent ('ms'). */
  labelUnit?: 'ms' | 's';
}

/** The analyses of one PSTH folder. */
export interface PsthAnalysis {
  dir: string;
  source: string;
  groups: PsthGroup[];
  units: number;
  binMs: number;
  trajectories: ConditionAveragedTrajectories;
  pca: TrajectoryPca;
  scaling: ScalingAnalysis;
  kinet: KinetAnalysis;
  speed: SpeedAnalysis;
  htmlPath: string;
  jsonPath: string;
  seconds: number;
}

interface PsthMetadata {
  source?: string;
  groups?: { label: string; trialCount: number }[];
  alignment?: { column?: string; binMs?: number; groupBy?: string | null };
}

/** Returns whether `dir` looks like an output folder of `rnnlab nwb psth`. */
export function isPsthFolder(dir: string): boolean {
  return Object.values(PSTH_FILES).every((file) => existsSync(join(dir, file)));
}

/** Analyses the PSTH folder `dir` and writes the results into it. */
export async function analysePsth(
  dir: string,
  options: AnalysePsthOptions = {},
): Promise<PsthAnalysis> {
  const started = performance.now();
  for (const file of Object.values(PSTH_FILES)) {
    if (!existsSync(join(dir, file))) {
      throw new Error(`${dir} is not a PSTH folder: ${file} not found (run rnnlab nwb psth)`);
    }
  }
  const metadata = JSON.parse(readFileSync(join(dir, PSTH_FILES.metadata), 'utf8')) as PsthMetadata;
  const psth = readNpy(join(dir, PSTH_FILES.psth));
  const time = readNpy(join(dir, PSTH_FILES.time));
  const labels = (metadata.groups ?? []).map((group) => group.label);
  if (psth.shape.length !== 3) {
    throw new Error(`${PSTH_FILES.psth} has shape [${psth.shape.join(', ')}], expected 3 axes`);
  }
  if (labels.length !== psth.shape[0]) {
    throw new Error(
      `${PSTH_FILES.metadata} lists ${labels.length} groups but ${PSTH_FILES.psth} has ` +
        `${psth.shape[0]}`,
    );
  }
  const groups = groupIntervals(labels, options);
  if (new Set(groups.map((group) => group.intervalMs)).size < 2) {
    throw new Error(
      'The analysis needs groups with at least two different intervals, got ' +
        groups.map((group) => `${group.label}: ${group.intervalMs} ms`).join(', '),
    );
  }

  const windowEndMs = time.data[time.data.length - 1] * 1000;
  const longest = Math.max(...groups.map((group) => group.intervalMs));
  if (windowEndMs < longest) {
    throw new Error(
      `The PSTH's last bin centre is ${windowEndMs.toFixed(1)} ms after the alignment event, ` +
        `short of the longest interval ${longest} ms; rerun rnnlab nwb psth with a longer --window`,
    );
  }
  const trajectories = trajectoriesFromPsth(psth, time.data, groups);
  const pca = trajectoryPca(trajectories, 3);
  const scaling = temporalScalingIndex(trajectories);
  const components = Math.min(KINET_COMPONENTS, trajectories.N);
  const kinetAnalysis = kinet(trajectoriesInComponents(trajectories, pca, components));
  const speed = trajectorySpeed(trajectories);

  const figures = psthAnalysisFigures({ trajectories, pca, scaling, kinet: kinetAnalysis, speed });
  const rendered: { name: string; svg: string; caption: string }[] = [];
  for (const figure of figures) {
    const written = await writeFigure(join(dir, 'figures'), figure.name, figure.spec);
    rendered.push({ name: figure.name, svg: written.svg, caption: figure.caption });
  }
  const source = metadata.source ?? dir;
  const binMs = metadata.alignment?.binMs ?? NaN;
  const htmlPath = join(dir, 'analysis.html');
  writeFileAtomic(
    htmlPath,
    psthAnalysisPage({
      source,
      alignment: metadata.alignment?.column ?? 'the alignment event',
      groups,
      units: trajectories.N,
      binMs,
      scaling,
      speed,
      kinet: kinetAnalysis,
      pca,
      figures: rendered,
    }),
  );
  const jsonPath = join(dir, 'analysis.json');
  const labelsInOrder = trajectories.conditions.map((condition) => condition.label);
  writeFileAtomic(
    jsonPath,
    stringifyAnalysis({
      source,
      alignment: metadata.alignment ?? null,
      units: trajectories.N,
      groups,
      pca: pcaJson(pca, labelsInOrder),
      scaling: scalingJson(scaling),
      kinet: kinetJson(kinetAnalysis),
      speed: speedJson(speed),
    }),
  );
  return {
    dir,
    source,
    groups,
    units: trajectories.N,
    binMs,
    trajectories,
    pca,
    scaling,
    kinet: kinetAnalysis,
    speed,
    htmlPath,
    jsonPath,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Pairs each group label with its interval, from the options or from numeric labels. */
function groupIntervals(labels: readonly string[], options: AnalysePsthOptions): PsthGroup[] {
  if (options.intervalsMs !== undefined) {
    if (options.intervalsMs.length !== labels.length) {
      throw new Error(
        `--intervals gives ${options.intervalsMs.length} intervals but the PSTH has ` +
          `${labels.length} groups (${labels.map((label) => `'${label}'`).join(', ')}); ` +
          'give one interval per group, in that order',
      );
    }
    return labels.map((label, g) => ({ label, intervalMs: options.intervalsMs![g] }));
  }
  const scale = options.labelUnit === 's' ? 1000 : 1;
  return labels.map((label) => {
    const value = Number(label);
    if (label.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new Error(
        `Group '${label}' is not an interval; give one interval per group with ` +
          '--intervals, for example --intervals 800,1500',
      );
    }
    return { label: `${label} ${options.labelUnit ?? 'ms'}`, intervalMs: value * scale };
  });
}
