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

/**
 * Returns a b + c per lane: one fused multiply-add where the module is built with relaxed SIMD
 * (which lets the engine fuse or not), a multiply and an add otherwise.
 */
// @ts-ignore: decorator
@inline
export function multiplyAccumulate(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
