/**
 * Stochastic gradient descent as torch.optim.SGD implements it:
 *
 *     g = grad + weight_decay param
 *     buf = g (first step), buf = momentum buf + (1 - dampening) g (later steps)
 *     g = g + momentum buf (Nesterov) or g = buf (momentum > 0)
 *     param -= lr g
 *
 * Defaults as in PyTorch: momentum 0, dampening 0, weight decay 0, no Nesterov. The learning
 * rate has no default, because torch.optim.SGD requires one.
 */
import { checkHyperparameter, type Optimizer, type OptimizerTarget } from './optimizer.js';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

export class Sgd implements Optimizer {
  learningRate: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  private steps = 0;
  /** Momentum buffer with the parameter block's layout, or -1 without momentum. */
  private readonly momentumBuffer: number;

  constructor(
    private readonly target: OptimizerTarget,
    options: SgdOptions,
  ) {
    this.learningRate = options.lr;
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    checkHyperparameter('lr', this.learningRate, 0);
    checkHyperparameter('momentum', this.momentum, 0);
    checkHyperparameter('dampening', this.dampening, 0, 1);
    checkHyperparameter('weightDecay', this.weightDecay, 0);
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new Error('nesterov: Nesterov momentum requires a momentum and zero dampening');
    }
    const size = target.parameterBlock.size;
    this.momentumBuffer = this.momentum > 0 ? target.kernels.alloc(size) : -1;
  }

  get stepCount(): number {
    return this.steps;
  }

  step(): void {
    const { kernels, parameterBlock } = this.target;
    kernels.sgdStep(
      parameterBlock.size,
      parameterBlock.offset,
      parameterBlock.gradientOffset,
      this.momentumBuffer,
      this.learningRate,
      this.momentum,
      this.dampening,
      this.weightDecay,
      this.nesterov,
      this.steps === 0,
    );
    this.steps += 1;
  }
}
