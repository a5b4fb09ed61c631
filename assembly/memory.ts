// Addressing helpers shared by every kernel. Kernels receive tensors as element offsets into
// linear memory (float32 elements), as the TypeScript side names them, and turn them into byte
// addresses here.

/** Returns the byte address of the float32 element at offset `offset`. */
// @ts-ignore: decorator
@inline
export function address(offset: i32): usize {
  return (<usize>offset) << 2;
}

/** Loads four lanes at `p`, or the single element at `p` into every lane when `full` is false. */
// @ts-ignore: decorator
@inline
export function loadLanes(p: usize, full: bool): v128 {
  return full ? v128.load(p) : v128.load32_splat(p);
}

/** Stores four lanes at `p`, or lane 0 alone when `full` is false. */
// @ts-ignore: decorator
@inline
export function storeLanes(p: usize, v: v128, full: bool): void {
  if (full) v128.store(p, v);
  else v128.store32_lane(p, v, 0);
}
