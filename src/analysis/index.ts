/**
 * Analyses of what networks learned and of recorded populations: timing behaviour, PCA,
 * temporal scaling, KiNeT, trajectory speed, eigenvalue spectra, and fixed and slow points.
 * Everything here runs in Node.js and in browsers.
 */
export type {
  ConditionAveragedTrajectories,
  ConditionTrajectory,
  Parameter,
  StateDict,
  TrialOutcome,
} from './types.js';
export { validateTrajectories } from './types.js';
export {
  averageByInterval,
  trajectoriesFromPsth,
  type NetworkTrial,
  type PsthGroup,
} from './condition-average.js';
export {
  analyseIntervalSweep,
  analyseTimingBehaviour,
  targetStatistics,
  type ErrorDecomposition,
  type IntervalSweep,
  type ScalarVariabilityFit,
  type SweepTarget,
  type TargetStatistics,
  type TimingBehaviour,
} from './behaviour.js';
export {
  principalComponents,
  projectStates,
  trajectoriesInComponents,
  trajectoryPca,
  type PrincipalComponents,
  type TrajectoryPca,
} from './pca.js';
export {
  sharedProfileRSquared,
  temporalScalingIndex,
  type ScalingAnalysis,
  type ScalingIndexOptions,
  type ScalingSummary,
  type UnitScaling,
} from './scaling.js';
export { kinet, type KinetAnalysis, type KinetCondition, type KinetOptions } from './kinet.js';
export {
  trajectorySpeed,
  type ConditionSpeed,
  type SpeedAnalysis,
  type SpeedOptions,
} from './speed.js';
export { eigenSpectrum, squareBlock, type EigenSpectrum } from './spectrum.js';
export type { CellKind, CellMap } from './maps/cell-map.js';
export {
  cellMapFromNetwork,
  cellMapFromStateDict,
  type CellMapConfig,
} from './maps/from-state-dict.js';
export {
  effectiveRecurrentWeight,
  type LeakyMapOptions,
  type RateActivation,
} from './maps/leaky.js';
export {
  findFixedPoints,
  minimiseSpeed,
  type FixedPoint,
  type FixedPointOptions,
  type FixedPointSearch,
  type SpeedMinimum,
} from './fixed-points.js';
export { sampleStatesAlongTrajectories } from './initial-states.js';
export { fitLine, type LineFit } from './least-squares.js';
