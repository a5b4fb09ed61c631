/**
 * Gaussian smoothing of binned rates along time.
 */

/**
 * Returns the Gaussian kernel `w[j] = exp(-(j * binMs)^2 / (2 sigmaMs^2))` for
 * `j = -r .. r`, with `r = ceil(4 sigmaMs / binMs)` bins, normalized to sum to 1.
 */
export function gaussianKernel(sigmaMs: number, binMs: number): Float64Array {
  if (!Number.isFinite(sigmaMs) || sigmaMs <= 0) {
    throw new Error(`invalid smoothing width ${sigmaMs} ms: sigma must be a positive number`);
  }
  const radius = Math.ceil((4 * sigmaMs) / binMs);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let j = -radius; j <= radius; j++) {
    const weight = Math.exp(-((j * binMs) ** 2) / (2 * sigmaMs ** 2));
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
  const kernel = gaussianKernel(sigmaMs, binMs);
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
