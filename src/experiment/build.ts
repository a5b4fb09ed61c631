/**
 * Builds the pieces of a training run from a model's settings: the task, the network, its
 * loss and its optimizer. Shared by training, evaluation and analysis, so that a saved model
 * is rebuilt exactly as it was trained.
 */
import {
  Adam,
  crossEntropyLoss,
  meanSquaredErrorLoss,
  RecurrentNetwork,
  Sgd,
  type Kernels,
  type Loss,
  type NetworkConfig,
  type Optimizer,
} from '../engine/index.js';
import { createTask, type Task } from '../tasks/index.js';
import type { ModelConfig, OptimizerConfig } from './config.js';

/** Creates the task of a model, with the experiment's time step. */
export function buildTask(task: ModelConfig['task']): Task {
  const options = { ...task.options };
  if (task.dtMs !== undefined) {
    if ('dtMs' in options && options.dtMs !== task.dtMs) {
      throw new Error(
        `task: dtMs is given twice with different values (${task.dtMs} and ${String(
          options.dtMs,
        )}); give it once`,
      );
    }
    options.dtMs = task.dtMs;
  }
  return createTask(task.name, options);
}

/** Returns the engine's network configuration for a model trained on `task`. */
export function buildNetworkConfig(model: ModelConfig, task: Task): NetworkConfig {
  const config: NetworkConfig = {
    cell: model.cell,
    inputSize: task.inputNames.length,
    hiddenSize: model.hiddenSize,
    outputSize: task.outputNames.length,
    trainInitialState: model.training.trainInitialState,
    seed: model.seed,
  };
  if (model.leaky) {
    const leaky = model.leaky;
    config.leaky = {
      dtMs: task.dtMs,
      tauMs: leaky.tauMs,
      activation: leaky.activation,
      noiseStd: leaky.noiseStd,
      dale: leaky.excitatoryFraction !== null,
      connectionProbability: leaky.connectionProbability,
      selfConnections: leaky.selfConnections,
    };
    if (leaky.excitatoryFraction !== null) config.leaky.excitatoryFraction = leaky.excitatoryFraction;
  }
  return config;
}

/** Creates the network of a model on `kernels`, with its initial weights drawn from its seed. */
export function buildNetwork(model: ModelConfig, task: Task, kernels: Kernels): RecurrentNetwork {
  return new RecurrentNetwork(kernels, buildNetworkConfig(model, task));
}

/** Returns the loss that fits the task: cross-entropy per step, or mean squared error. */
export function lossForTask(task: Task): Loss {
  return task.kind === 'classification' ? crossEntropyLoss : meanSquaredErrorLoss;
}

/** Creates the optimizer a model's settings name. */
export function buildOptimizer(network: RecurrentNetwork, config: OptimizerConfig): Optimizer {
  if (config.name === 'adam') {
    return new Adam(network, {
      lr: config.lr,
      betas: config.betas,
      eps: config.eps,
      weightDecay: config.weightDecay,
    });
  }
  return new Sgd(network, {
    lr: config.lr,
    momentum: config.momentum,
    dampening: config.dampening,
    nesterov: config.nesterov,
    weightDecay: config.weightDecay,
  });
}
