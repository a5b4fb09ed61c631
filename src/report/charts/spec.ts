/**
 * Vega-Lite specifications as plain objects. Chart files build views as plain objects, which
 * Vega-Lite's compiler checks when a chart is rendered, and `topLevelSpec` marks the result
 * as a complete chart.
 */
import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite view specification, before it is placed in a top-level chart. */
export type ViewSpec = Record<string, unknown>;

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Returns a view as a top-level Vega-Lite specification. The `$schema` URL only names the
 * specification's version for editors; nothing loads it.
 */
export function topLevelSpec(view: ViewSpec): TopLevelSpec {
  return { $schema: schema, ...view } as unknown as TopLevelSpec;
}
