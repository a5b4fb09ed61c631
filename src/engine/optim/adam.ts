/**
 * Adam (Kingma and Ba, 2015) as torch.optim.Adam implements it, without amsgrad:
 *
 *     g = grad + weight_decay param
 *     m = beta1 m + (1 - beta1) g,  v = beta2 v + (1 - beta2) g^2
 *     param -= lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 *
 * Defaults as in PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.
 */
import { checkHyperparameter, type Optimizer, type OptimizerTarget } from './optimizer.js';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
}

export class Adam implements Optimizer {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private steps = 0;
  /** First and second moment buffers, with the parameter block's layout. */
  private readonly firstMoment: number;
  private readonly secondMoment: number;

  constructor(
    private readonly target: OptimizerTarget,
    options: AdamOptions = {},
  ) {
    this.learningRate = options.lr ?? 1e-3;
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    checkHyperparameter('lr', this.learningRate, 0);
    checkBeta('betas[0]', this.beta1);
    checkBeta('betas[1]', this.beta2);
    checkHyperparameter('eps', this.eps, 0);
    checkHyperparameter('weightDecay', this.weightDecay, 0);
    const size = target.parameterBlock.size;
    this.firstMoment = target.kernels.alloc(size);
    this.secondMoment = target.kernels.alloc(size);
  }

  get stepCount(): number {
    return this.steps;
  }

  step(): void {
    this.steps += 1;
    const { kernels, parameterBlock } = this.target;
    kernels.adamStep(
      parameterBlock.size,
      parameterBlock.offset,
      parameterBlock.gradientOffset,
      this.firstMoment,
      this.secondMoment,
      this.learningRate,
      this.beta1,
      this.beta2,
      this.eps,
      this.weightDecay,
      this.steps,
    );
  }
}

/**
 * Throws unless `beta` is in [0, 1), as torch.optim.Adam requires. At 1 the bias correction
 * 1 - beta^t is zero, and the first step would turn the parameters into NaN.
 */
function checkBeta(name: string, beta: number): void {
  if (!(beta >= 0 && beta < 1)) {
    throw new Error(`${name}: expected a finite number in [0, 1), got ${beta}`);
  }
}
