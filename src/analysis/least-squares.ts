/**
 * Ordinary least-squares fit of a straight line, the building block of the behavioural and
 * speed fits.
 */

/** Line `y = slope x + intercept` with its coefficient of determination. */
export interface LineFit {
  slope: number;
  intercept: number;
  /**
   * R^2 = 1 - sum (y - yhat)^2 / sum (y - mean y)^2; 1 when every y is equal and fitted exactly,
   * and NaN when the y values are equal but the fit misses them.
   */
  rSquared: number;
  /** Number of points used. */
  count: number;
}

/**
 * Fits `y = slope x + intercept` by ordinary least squares:
 * slope = sum (x - mx)(y - my) / sum (x - mx)^2, intercept = my - slope mx.
 * Throws when fewer than two points are given or every x is equal.
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  if (x.length !== y.length) {
    throw new Error(`Line fit needs as many x as y values, got ${x.length} and ${y.length}`);
  }
  const n = x.length;
  if (n < 2) throw new Error(`Line fit needs at least 2 points, got ${n}`);

  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;

  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new Error('Line fit needs at least two distinct x values');

  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;

  let residual = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - (slope * x[i] + intercept);
    residual += e * e;
  }
  return { slope, intercept, rSquared: coefficientOfDetermination(residual, syy), count: n };
}

/** Returns R^2 = 1 - residual / total, with the degenerate case total = 0 handled. */
export function coefficientOfDetermination(residual: number, total: number): number {
  if (total > 0) return 1 - residual / total;
  return residual <= 1e-24 ? 1 : Number.NaN;
}
