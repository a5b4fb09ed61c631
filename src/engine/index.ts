/**
 * The training engine: kernels, recurrent cells, the network, losses, optimizers and the
 * training loop. Everything here runs in Node.js and in browsers.
 */
export { Random } from './random.js';
export { Activation, type DType, type Kernels, type Real } from './kernels/kernels.js';
export { createReferenceKernels } from './kernels/reference.js';
export { createKernels, type KernelImplementation, type KernelOptions } from './kernels/select.js';
export type { Cell, CellKind, NoiseMode } from './cells/cell.js';
export type { LeakyActivation, LeakyOptions } from './cells/leaky-connectivity.js';
export { CELL_KINDS, type NetworkConfig } from './network-config.js';
export {
  RecurrentNetwork,
  type Batch,
  type ForwardOptions,
  type ForwardResult,
  type LossBreakdown,
} from './network.js';
export type { ParameterBlock } from './parameter-block.js';
export type { NamedTensor } from './tensor.js';
export type { StateDict, StateTensor, StateTensorInput } from './state-dict.js';
export {
  crossEntropyLoss,
  lossByName,
  meanSquaredErrorLoss,
  type Loss,
  type LossName,
} from './loss.js';
export type { Penalties } from './regularization.js';
export { Adam, type AdamOptions } from './optim/adam.js';
export { Sgd, type SgdOptions } from './optim/sgd.js';
export {
  clipGradNorm,
  gradientNorm,
  type Optimizer,
  type OptimizerTarget,
} from './optim/optimizer.js';
export {
  checkSchedule,
  learningRateAt,
  type LearningRateSchedule,
} from './optim/schedule.js';
export { train, type StepReport, type TrainOptions, type TrainResult } from './trainer.js';
export { formatShape } from './shape.js';
