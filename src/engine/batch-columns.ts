/**
 * Splitting a batch by columns, for data-parallel training: batch columns are independent
 * sequences, so each range of columns is a batch of its own.
 */
import type { Batch } from './network.js';

/** Returns the batch columns [start, end) of `batch` as a batch of their own. */
export function sliceBatchColumns(batch: Batch, start: number, end: number): Batch {
  const { seqLen, batchSize } = batch;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end)) {
    throw new RangeError(`invalid batch columns [${start}, ${end})`);
  }
  if (end > batchSize) {
    throw new RangeError(`batch columns [${start}, ${end}) exceed the batch size ${batchSize}`);
  }
  const columns = end - start;
  const inputSize = batch.inputs.length / (seqLen * batchSize);
  const targetSize = batch.targets.length / (seqLen * batchSize);
  const inputs = new Float32Array(seqLen * columns * inputSize);
  const targets = new Float32Array(seqLen * columns * targetSize);
  const mask = batch.mask === undefined ? undefined : new Float32Array(seqLen * columns);
  for (let t = 0; t < seqLen; t++) {
    const from = t * batchSize + start;
    const to = t * columns;
    const inputRow = batch.inputs.subarray(from * inputSize, (from + columns) * inputSize);
    inputs.set(inputRow, to * inputSize);
    const targetRow = batch.targets.subarray(from * targetSize, (from + columns) * targetSize);
    targets.set(targetRow, to * targetSize);
    mask?.set(batch.mask!.subarray(from, from + columns), to);
  }
  return { seqLen, batchSize: columns, inputs, targets, ...(mask ? { mask } : {}) };
}

/**
 * Splits `batchSize` columns into `parts` contiguous ranges [start, end) whose sizes differ by
 * at most one, the larger ones first.
 */
export function splitColumns(batchSize: number, parts: number): [number, number][] {
  if (!(Number.isSafeInteger(parts) && parts >= 1 && parts <= batchSize)) {
    throw new RangeError(`cannot split ${batchSize} batch columns into ${parts} parts`);
  }
  const ranges: [number, number][] = [];
  let start = 0;
  for (let part = 0; part < parts; part++) {
    const size = Math.floor(batchSize / parts) + (part < batchSize % parts ? 1 : 0);
    ranges.push([start, start + size]);
    start += size;
  }
  return ranges;
}
