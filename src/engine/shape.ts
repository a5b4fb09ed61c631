/**
 * Shape checks shared by the network, the losses and the trainer. Every message names the
 * tensor, the expected shape and what was given, for example
 * "inputs: expected shape (100, 16, 4) = 6400 values, got 6000".
 */

/** Formats a shape the way PyTorch prints one: (100, 16, 4). */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/** Returns the number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return size;
}

/** Throws unless `value` is a positive integer, naming the quantity, such as "batchSize". */
export function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name}: expected a positive integer, got ${value}`);
  }
}

/** Throws unless `values` has exactly as many elements as `shape`. */
export function checkLength(
  name: string,
  values: ArrayLike<number>,
  shape: readonly number[],
): void {
  const expected = shapeSize(shape);
  if (values.length !== expected) {
    throw new Error(
      `${name}: expected shape ${formatShape(shape)} = ${expected} values, got ${values.length}`,
    );
  }
}

/** Throws unless every value is finite, naming the index of the first bad value in `shape`. */
export function checkFinite(
  name: string,
  values: ArrayLike<number>,
  shape: readonly number[],
): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value - value !== 0) {
      throw new Error(
        `${name}: value at ${formatShape(unravelIndex(i, shape))} is ${value}, ` +
          'but every value must be finite',
      );
    }
  }
}

/** Converts a flat row-major index into one index per dimension of `shape`. */
export function unravelIndex(index: number, shape: readonly number[]): number[] {
  const indices = new Array<number>(shape.length);
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    indices[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return indices;
}
