/**
 * Gaussian smoothing of binned rates along time.
 */

/**
 * Returns the Gaussian kernel `w[j] = exp(-(j * binMs / sigmaMs)^2 / 2)` for `j = -r .. r`,
 * with `r = ceil(4 sigmaMs / binMs)` bins but at most `maxRadius`, normalized to sum to 1.
 */
export function gaussianKernel(sigmaMs: number, binMs: number, maxRadius = Infinity): Float64Array {
  if (!Number.isFinite(sigmaMs) || sigmaMs <= 0) {
    throw new Error(`invalid smoothing width ${sigmaMs} ms: sigma must be a positive number`);
  }
  const radius = Math.min(Math.ceil((4 * sigmaMs) / binMs), maxRadius);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let j = -radius; j <= radius; j++) {
    // Dividing before squaring keeps a tiny sigma from underflowing 2 sigma^2 to 0.
    const distance = (j * binMs) / sigmaMs;
    const weight = Math.exp(-(distance ** 2) / 2);
    kernel[j + radius] = weight;
    sum += weight;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/**
 * Smooths every row of `values` (rows of `bins` samples, C order) with a Gaussian of
 * `sigmaMs`. Near the window's ends the kernel is cut and renormalized over the bins that
 * exist, so a constant rate stays constant instead of sagging at the edges.
 */
export function smoothRows(
  values: Float64Array,
  bins: number,
  sigmaMs: number,
  binMs: number,
): Float64Array {
  // Weights beyond the row's length are never used, so the kernel stops there.
  const kernel = gaussianKernel(sigmaMs, binMs, Math.max(0, bins - 1));
  const radius = (kernel.length - 1) / 2;
  const smoothed = new Float64Array(values.length);
  for (let offset = 0; offset < values.length; offset += bins) {
    for (let k = 0; k < bins; k++) {
      let total = 0;
      let weight = 0;
      const first = Math.max(0, k - radius);
      const last = Math.min(bins - 1, k + radius);
      for (let source = first; source <= last; source++) {
        const w = kernel[source - k + radius];
        total += w * values[offset + source];
        weight += w;
      }
      smoothed[offset + k] = total / weight;
    }
  }
  return smoothed;
}
