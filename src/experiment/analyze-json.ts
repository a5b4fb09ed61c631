/**
 * The numbers of an analysis as plain JSON, as `analysis.json` stores them: typed arrays
 * become arrays, and NaN (an undefined index or fit) becomes null.
 */
import type {
  KinetAnalysis,
  ScalingAnalysis,
  SpeedAnalysis,
  TrajectoryPca,
} from '../analysis/index.js';
import type { ModelAnalysis } from './analyze-model.js';

/** Components whose variance `analysis.json` lists. */
const LISTED_COMPONENTS = 10;

/** Returns the PCA's variance explained and each condition's projection on the top PCs. */
export function pcaJson(pca: TrajectoryPca, labels: readonly string[]) {
  const listed = Math.min(LISTED_COMPONENTS, pca.N);
  return {
    components: pca.k,
    explainedVarianceRatio: Array.from(pca.explainedVarianceRatio.subarray(0, listed)),
    projections: pca.projections.map((projection, c) => ({
      condition: labels[c],
      shape: [projection.length / pca.k, pca.k],
      values: Array.from(projection),
    })),
  };
}

/** Returns the per-unit scaling indices and their summary. */
export function scalingJson(scaling: ScalingAnalysis) {
  return {
    summary: scaling.summary,
    units: scaling.units.map(({ unit, scaled, absolute }) => ({ unit, scaled, absolute })),
  };
}

/** Returns KiNeT's reference and each condition's relative speed. */
export function kinetJson(analysis: KinetAnalysis) {
  return {
    reference: analysis.referenceLabel,
    conditions: analysis.conditions.map((condition) => ({
      condition: condition.label,
      intervalMs: condition.intervalMs,
      relativeSpeed: condition.relativeSpeed,
      matchedTimesMs: Array.from(condition.matchedTimesMs),
      signedDistances: Array.from(condition.signedDistances),
    })),
  };
}

/** Returns the speed per condition and the fit log S = A - B log T. */
export function speedJson(speed: SpeedAnalysis) {
  return {
    components: speed.components,
    A: speed.A,
    B: speed.B,
    rSquared: speed.rSquared,
    conditions: speed.conditions.map((condition) => ({ ...condition })),
  };
}

/** Returns the JSON document of one model's analysis. */
export function modelAnalysisJson(analysis: ModelAnalysis) {
  const labels = analysis.states.readout.conditions.map((condition) => condition.label);
  const { behaviour } = analysis;
  return {
    model: analysis.name,
    cell: analysis.cell,
    hiddenSize: analysis.hiddenSize,
    task: analysis.taskName,
    dtMs: analysis.dtMs,
    alignment: 'end of set (t = 0), to the end of production',
    intervalsMs: analysis.intervalsMs,
    settings: analysis.settings,
    conditions: analysis.states.readout.conditions.map((condition) => ({
      condition: condition.label,
      intervalMs: condition.intervalMs,
      steps: condition.T,
    })),
    pca: pcaJson(analysis.pca, labels),
    scaling: scalingJson(analysis.scaling),
    kinet: kinetJson(analysis.kinet),
    speed: speedJson(analysis.speed),
    behaviour: {
      trainedIntervalsMs: behaviour.trainedIntervalsMs,
      ...behaviour.behaviour,
      sweep: behaviour.sweep,
      meanAbsoluteErrors: behaviour.relativeErrors,
    },
    fixedPoints: analysis.fixedPoints.map((entry) => ({
      input: entry.input.label,
      inputValues: Array.from(entry.input.input),
      starts: entry.starts,
      discarded: entry.discarded,
      points: entry.points.map((point) => ({
        kind: point.kind,
        q: point.q,
        stable: point.stable,
        unstableModes: point.unstableModes,
        spectralRadius: point.eigenvalues.spectralRadius,
        hits: point.hits,
        state: Array.from(point.state),
      })),
    })),
    seconds: analysis.seconds,
  };
}

/** Serialises a JSON document with two-space indentation; NaN and infinities become null. */
export function stringifyAnalysis(document: unknown): string {
  return `${JSON.stringify(document, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
