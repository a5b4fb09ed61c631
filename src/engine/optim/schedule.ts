/**
 * Learning-rate schedules: the learning rate of each training step as a function of the step,
 * in closed form, as PyTorch's `torch.optim.lr_scheduler` classes give it when `scheduler.step()`
 * is called once after every optimizer step.
 *
 * - constant: `lr_t = lr`, what PyTorch does without a scheduler.
 * - cosine (`CosineAnnealingLR` with `T_max` = the number of steps):
 *   `lr_t = minLr + (lr - minLr) (1 + cos(pi t / T)) / 2`, for t = 0 .. T - 1 optimizer steps
 *   already taken. The rate falls smoothly from `lr` towards `minLr`, so the last updates are
 *   small and the final weights do not land on a transient spike of the loss.
 * - step (`StepLR`): `lr_t = lr gamma^floor(t / stepSize)`.
 */
import { checkHyperparameter } from './optimizer.js';

export type LearningRateSchedule =
  | { readonly name: 'constant' }
  | { readonly name: 'cosine'; readonly minLr: number }
  | { readonly name: 'step'; readonly stepSize: number; readonly gamma: number };

/**
 * Returns the learning rate for optimizer step `step` (counted from 1) of `totalSteps`, starting
 * from `baseLr`.
 */
export function learningRateAt(
  schedule: LearningRateSchedule,
  baseLr: number,
  step: number,
  totalSteps: number,
): number {
  const stepsTaken = step - 1;
  switch (schedule.name) {
    case 'constant':
      return baseLr;
    case 'cosine': {
      const progress = Math.min(stepsTaken / totalSteps, 1);
      return schedule.minLr + ((baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
    case 'step':
      return baseLr * schedule.gamma ** Math.floor(stepsTaken / schedule.stepSize);
  }
}

/** Throws with the field's name unless the schedule's settings are usable with `baseLr`. */
export function checkSchedule(schedule: LearningRateSchedule, baseLr: number): void {
  if (schedule.name === 'cosine') {
    checkHyperparameter('lrSchedule.minLr', schedule.minLr, 0, baseLr);
  } else if (schedule.name === 'step') {
    if (!(Number.isSafeInteger(schedule.stepSize) && schedule.stepSize >= 1)) {
      throw new Error(`lrSchedule.stepSize: expected a positive integer, got ${schedule.stepSize}`);
    }
    checkHyperparameter('lrSchedule.gamma', schedule.gamma, 0, 1);
  } else if (schedule.name !== 'constant') {
    // learningRateAt returns undefined for another name, and the optimizer would turn it into NaN.
    const name = String((schedule as { name: unknown }).name);
    throw new Error(`lrSchedule.name: expected 'constant', 'cosine' or 'step', got '${name}'`);
  }
}
