import { writeFile } from 'node:fs/promises';
import { fileValue } from './cell-values.js';
import { csvField } from './csv.js';
import { ALL_FIELDS, FIELD_TYPES, KIND_FIELDS, type PositionField } from './portfolio-fields.js';
import type { PortfolioFormat } from './portfolio-format.js';
import type { Position } from './position.js';

const CSV_HEADER = ['kind', 'id', ...ALL_FIELDS].join(',');

function fieldsOf(position: Position): Readonly<Record<PositionField, unknown>> {
  return position as unknown as Readonly<Record<PositionField, unknown>>;
}

/**
 * Positions as portfolio CSV: the header with every column, one row per position, the other
 * kinds' columns empty, LF line ends. The same positions always give the same bytes.
 */
export function formatPortfolioCsv(positions: readonly Position[]): string {
  const lines = [CSV_HEADER];
  for (const position of positions) {
    const values = fieldsOf(position);
    const own: readonly PositionField[] = KIND_FIELDS[position.kind];
    let row = `${position.kind},${csvField(position.id)}`;
    for (const field of ALL_FIELDS) {
      row += ',';
      if (own.includes(field)) row += csvField(String(fileValue(FIELD_TYPES[field], values[field])));
    }
    lines.push(row);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Positions as portfolio JSON: `{ "positions": [ ... ] }` with one position per line (so a
 * line number points at one position) and fields in the order of position.ts.
 */
export function formatPortfolioJson(positions: readonly Position[]): string {
  const lines = positions.map((position) => {
    const values = fieldsOf(position);
    const record: Record<string, unknown> = { kind: position.kind, id: position.id };
    for (const field of KIND_FIELDS[position.kind]) record[field] = fileValue(FIELD_TYPES[field], values[field]);
    return `    ${JSON.stringify(record)}`;
  });
  return lines.length === 0 ? '{\n  "positions": []\n}\n' : `{\n  "positions": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

export function formatPortfolio(format: PortfolioFormat, positions: readonly Position[]): string {
  return format === 'csv' ? formatPortfolioCsv(positions) : formatPortfolioJson(positions);
}

export async function writePortfolioCsv(file: string, positions: readonly Position[]): Promise<void> {
  await writeFile(file, formatPortfolioCsv(positions));
}

export async function writePortfolioJson(file: string, positions: readonly Position[]): Promise<void> {
  await writeFile(file, formatPortfolioJson(positions));
}
