/**
 * Splitting a batch by columns, for data-parallel training: batch columns are independent
 * sequences, so each range of columns is a batch of its own.
 */
import type { Batch } from './network.js';

/** Returns the batch columns [start, end) of `batch` as a batch of their own. */
export function sliceBatchColumns(batch: Batch, start: number, end: number): Batch {
  checkColumns(batch, start, end);
  const { seqLen, batchSize } = batch;
  const columns = end - start;
  const inputSize = batch.inputs.length / (seqLen * batchSize);
  const targetSize = batch.targets.length / (seqLen * batchSize);
  const slice: Batch = {
    seqLen,
    batchSize: columns,
    inputs: new Float32Array(seqLen * columns * inputSize),
    targets: new Float32Array(seqLen * columns * targetSize),
    ...(batch.mask === undefined ? {} : { mask: new Float32Array(seqLen * columns) }),
  };
  copyBatchColumns(batch, start, end, slice);
  return slice;
}

/**
 * Copies the batch columns [start, end) of `batch` into `target`, a batch of `end - start`
 * columns whose arrays are large enough, without allocating. The mask is copied when both
 * batches have one.
 */
export function copyBatchColumns(batch: Batch, start: number, end: number, target: Batch): void {
  checkColumns(batch, start, end);
  const { seqLen, batchSize } = batch;
  const inputSize = batch.inputs.length / (seqLen * batchSize);
  const targetSize = batch.targets.length / (seqLen * batchSize);
  copyColumns(batch.inputs, target.inputs, seqLen, batchSize, inputSize, start, end);
  copyColumns(batch.targets, target.targets, seqLen, batchSize, targetSize, start, end);
  if (batch.mask && target.mask) {
    copyColumns(batch.mask, target.mask, seqLen, batchSize, 1, start, end);
  }
}

function checkColumns(batch: Batch, start: number, end: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end)) {
    throw new RangeError(`invalid batch columns [${start}, ${end})`);
  }
  if (end > batch.batchSize) {
    throw new RangeError(
      `batch columns [${start}, ${end}) exceed the batch size ${batch.batchSize}`,
    );
  }
}

/** Copies columns [start, end) of a (T, B, F) array into the start of a (T, end - start, F) one. */
function copyColumns(
  source: Float32Array,
  target: Float32Array,
  seqLen: number,
  batchSize: number,
  features: number,
  start: number,
  end: number,
): void {
  const columns = end - start;
  for (let t = 0; t < seqLen; t++) {
    const from = (t * batchSize + start) * features;
    target.set(source.subarray(from, from + columns * features), t * columns * features);
  }
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
