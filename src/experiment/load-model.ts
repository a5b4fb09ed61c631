/**
 * Rebuilds a trained model from its folder: the task and the network exactly as they were
 * trained, with the saved weights loaded strictly.
 */
import { createKernels, type RecurrentNetwork } from '../engine/index.js';
import type { KernelImplementation } from '../engine/kernels/select.js';
import type { Task } from '../tasks/index.js';
import { buildNetwork, buildTask } from './build.js';
import { loadWeights, readSavedConfig, type SavedModelConfig } from './model-folder.js';

export interface LoadedModel {
  saved: SavedModelConfig;
  task: Task;
  network: RecurrentNetwork;
}

/** Loads the model in `dir` (a folder with config.json and model.safetensors). */
export async function loadModel(
  dir: string,
  implementation: KernelImplementation = 'auto',
): Promise<LoadedModel> {
  const saved = readSavedConfig(dir);
  const task = buildTask(saved.model.task);
  const kernels = await createKernels({ implementation });
  const network = buildNetwork(saved.model, task, kernels);
  loadWeights(dir, network);
  return { saved, task, network };
}
