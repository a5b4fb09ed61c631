/** A column of a plain-text table: its heading, alignment and how to show a row's value. */
export interface Column<Row> {
  readonly heading: string;
  readonly align: 'left' | 'right';
  readonly value: (row: Row) => string;
}

/** Formats rows as a text table with a heading line and a rule, columns padded to fit. */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.heading.length, ...cells.map((line) => line[index].length)),
  );
  const pad = (text: string, index: number): string =>
    columns[index].align === 'left' ? text.padEnd(widths[index]) : text.padStart(widths[index]);

  const lines = [
    columns.map((column, index) => pad(column.heading, index)).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map((line) => line.map(pad).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}
