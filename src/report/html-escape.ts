/** Escaping and number formatting for the report's HTML. */

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character]);
}

/** Formats a fraction in [0, 1] with three decimals, as accuracies are usually printed. */
export function formatFraction(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '–';
}

/** Formats a fraction as a percentage with no decimals, for example `98%`. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–';
}

/** Formats a duration in seconds as `42.5 s`, `3 min 20 s` or `1 h 05 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Formats a count with thousands separators, for example `2,000`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
