/**
 * Placement of figures inside a section's HTML. A section puts `figureSlot(name)` where a
 * figure should appear; figures without a slot follow the section's HTML.
 */

/** Returns the marker that the report replaces with the figure `name`. */
export function figureSlot(name: string): string {
  return `<!--figure:${name}-->`;
}
