/**
 * rnnlab's library: the training engine, the tasks and the analyses, which run in Node.js and
 * in browsers. Node-only parts (NWB files, the DANDI client, experiment runs) are exported
 * from `rnnlab/node`.
 */
export * as engine from './engine/index.js';
export * as tasks from './tasks/index.js';
export * as analysis from './analysis/index.js';

export {
  Adam,
  createKernels,
  crossEntropyLoss,
  meanSquaredErrorLoss,
  Random,
  RecurrentNetwork,
  Sgd,
  train,
} from './engine/index.js';
export { createTask, evaluateOutputs, TaskDataset, trialAlignedBatch } from './tasks/index.js';
export { decodeSafetensors, encodeSafetensors } from './engine/safetensors.js';
