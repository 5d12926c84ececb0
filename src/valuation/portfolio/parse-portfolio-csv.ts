import { cellValue } from './cell-values.js';
import { forEachCsvRecord } from './csv.js';
import { RAW_POSITION_BUILDERS } from './raw-position.js';
import { IssueCollector } from './issue-collector.js';
import { ALL_FIELDS, FIELD_TYPES, KIND_FIELDS, POSITION_KINDS, isPositionKind, type FieldType, type PositionField } from './portfolio-fields.js';
import type { PortfolioReadOptions } from './portfolio-format.js';
import type { Position, PositionKind } from './position.js';
import { describeValue, validatePosition } from './validate-position.js';

const KNOWN_COLUMNS: readonly string[] = ['kind', 'id', ...ALL_FIELDS];

/** How to read one kind's rows, worked out once from the header. */
interface KindColumns {
  /** Column of each field, -1 when the header lacks it. */
  readonly indices: readonly number[];
  readonly types: readonly FieldType[];
  /** The columns of other kinds' fields, which this kind's rows must leave empty. */
  readonly foreignNames: readonly string[];
  readonly foreignIndices: readonly number[];
  /** Scratch space for one row's values, reused row after row. */
  readonly values: unknown[];
}

interface Columns {
  readonly count: number;
  readonly kind: number;
  readonly id: number;
  readonly byKind: Readonly<Record<PositionKind, KindColumns>>;
}

/**
 * Reads a portfolio CSV: one header row naming the columns (`kind`, `id` and the position
 * fields, any order, a column only needed if some row's kind has that field), then one position
 * per row. Mixed kinds share the file; a row leaves the other kinds' columns empty.
 *
 * Throws a PortfolioValidationError listing every issue found (up to `maxIssues`), each with
 * the physical line; never returns part of a file.
 */
export function parsePortfolioCsv(text: string, file: string, options: PortfolioReadOptions = {}): Position[] {
  const issues = new IssueCollector(file, options.maxIssues);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const positions: Position[] = [];
  const firstLineOfId = new Map<string, number>();
  let columns: Columns | undefined;
  // Widened: TypeScript cannot see the callbacks below set it.
  let sawHeader = false as boolean;

  forEachCsvRecord(body, {
    record: (fields, line) => {
      if (issues.full) {
        issues.markTruncated();
        return false;
      }
      if (!sawHeader) {
        sawHeader = true;
        columns = readHeader(fields, line, issues);
        return columns !== undefined;
      }
      if (columns === undefined) return false;
      const position = readRow(fields, line, columns, issues, firstLineOfId);
      if (position !== undefined) positions.push(position);
      return true;
    },
    malformed: (line, problem) => {
      if (issues.full) {
        issues.markTruncated();
        return false;
      }
      issues.add({ line, message: `malformed ${sawHeader ? 'row' : 'header'}: ${problem}` });
      if (sawHeader) return true;
      // Without a header no row can be read.
      sawHeader = true;
      return false;
    },
  });

  if (!sawHeader) issues.add({ line: 1, message: `no header row: expected the columns kind, id, ${ALL_FIELDS.join(', ')}` });
  issues.throwIfAny();
  return positions;
}

function readHeader(names: readonly string[], line: number, issues: IssueCollector): Columns | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (!KNOWN_COLUMNS.includes(name)) {
      const close = KNOWN_COLUMNS.find((known) => known.toLowerCase() === name.trim().toLowerCase());
      const hint = close === undefined ? `the columns are kind, id, ${ALL_FIELDS.join(', ')}` : `did you mean "${close}"?`;
      issues.add({ line, field: name, message: `unknown column (${hint})` });
    } else if (seen.has(name)) {
      issues.add({ line, field: name, message: 'column appears twice in the header' });
    }
    seen.add(name);
  }
  for (const required of ['kind', 'id']) {
    if (!seen.has(required)) issues.add({ line, field: required, message: 'missing column: every portfolio CSV needs kind and id' });
  }
  if (issues.count > 0) return undefined;

  const columnsOf = (kind: PositionKind): KindColumns => {
    const fields: readonly PositionField[] = KIND_FIELDS[kind];
    const foreign = names.flatMap((name, index) => (name === 'kind' || name === 'id' || fields.includes(name as PositionField) ? [] : [{ name, index }]));
    return {
      indices: fields.map((field) => names.indexOf(field)),
      types: fields.map((field) => FIELD_TYPES[field]),
      foreignNames: foreign.map(({ name }) => name),
      foreignIndices: foreign.map(({ index }) => index),
      values: fields.map(() => undefined),
    };
  };
  return {
    count: names.length,
    kind: names.indexOf('kind'),
    id: names.indexOf('id'),
    byKind: { bond: columnsOf('bond'), mbs: columnsOf('mbs'), swap: columnsOf('swap') },
  };
}

function readRow(cells: readonly string[], line: number, columns: Columns, issues: IssueCollector, firstLineOfId: Map<string, number>): Position | undefined {
  if (cells.length !== columns.count) {
    issues.add({ line, message: `malformed row: expected ${columns.count} columns as in the header, got ${cells.length}` });
    return undefined;
  }
  const kind = cells[columns.kind]!;
  if (!isPositionKind(kind)) {
    issues.add({ line, field: 'kind', message: kind === '' ? 'missing' : `must be one of ${POSITION_KINDS.join(', ')}, got ${describeValue(kind)}` });
    return undefined;
  }

  const id = cells[columns.id]!;
  const plan = columns.byKind[kind];
  const values = plan.values;
  for (let i = 0; i < plan.indices.length; i += 1) {
    const index = plan.indices[i]!;
    const cell = index === -1 ? '' : cells[index]!;
    values[i] = cell === '' ? undefined : cellValue(plan.types[i]!, cell);
  }
  const raw = RAW_POSITION_BUILDERS[kind](id === '' ? undefined : id, values);

  let valid = true;
  for (let i = 0; i < plan.foreignIndices.length; i += 1) {
    const cell = cells[plan.foreignIndices[i]!]!;
    if (cell !== '') {
      issues.add({ line, field: plan.foreignNames[i]!, message: `not a field of a ${kind} position (leave it empty), got ${describeValue(cell)}` });
      valid = false;
    }
  }
  if (id !== '') {
    const first = firstLineOfId.get(id);
    if (first === undefined) {
      firstLineOfId.set(id, line);
    } else {
      issues.add({ line, field: 'id', message: `duplicate position id (first on line ${first}), got ${describeValue(id)}` });
      valid = false;
    }
  }

  const result = validatePosition(kind, raw);
  if (!result.ok) {
    for (const problem of result.problems) issues.add({ line, ...problem });
    return undefined;
  }
  return valid ? result.position : undefined;
}
