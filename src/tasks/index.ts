/** Tasks, trial structure, batches and closed-loop scoring; runs in Node.js and browsers. */
export * from './cue-set-go.js';
export * from './dataset.js';
export * from './evaluation.js';
export * from './interval-discrimination.js';
export * from './motor-timing.js';
export * from './one-two-three-go.js';
export * from './options.js';
export * from './perceptual-decision-making.js';
export * from './ready-set-go.js';
export * from './registry.js';
export * from './reward-rules.js';
export * from './task.js';
export * from './timing.js';
export * from './trial.js';
