/**
 * rnnlab's Node.js-only parts: NWB files, the DANDI client, file formats and experiment runs.
 */
export * from './index.js';
export { NwbFile } from './nwb/file.js';
export { openNwbFile, withNwbFile } from './nwb/open-file.js';
export { DandiClient } from './dandi/client.js';
export { downloadAsset } from './dandi/download.js';
export { readNpy, writeNpy } from './io/npy.js';
export { loadSafetensors, saveSafetensors } from './io/safetensors-file.js';
export { parseExperiment, resolveModels, type ExperimentConfig } from './experiment/config.js';
export { loadExperiment } from './experiment/load.js';
export { runExperiment } from './experiment/run-experiment.js';
export { runTraining } from './experiment/training-run.js';
export { loadModel } from './experiment/load-model.js';
