/**
 * Colour encoding of target intervals shared by the analysis charts: one ordinal colour per
 * condition, light blue for the shortest interval to dark blue for the longest.
 */

/** A condition's label and interval, which orders the colours. */
export interface IntervalCondition {
  label: string;
  intervalMs: number;
}

/** Returns the labels of the conditions sorted by increasing interval. */
export function labelsByInterval(conditions: readonly IntervalCondition[]): string[] {
  return [...conditions]
    .sort((a, b) => a.intervalMs - b.intervalMs)
    .map((condition) => condition.label);
}

/** Returns a Vega-Lite colour channel on `field` with one colour per interval. */
export function intervalColor(
  conditions: readonly IntervalCondition[],
  field = 'condition',
): Record<string, unknown> {
  const domain = labelsByInterval(conditions);
  return {
    field,
    type: 'ordinal',
    sort: domain,
    scale: { domain, scheme: { name: 'blues', extent: [0.35, 1] } },
    legend: { title: 'interval' },
  };
}
