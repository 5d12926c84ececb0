import { formatDay } from '../dates/day.js';
import type { FieldType } from './portfolio-fields.js';

// Plain decimal notation only: Number() would also take "", " ", "0x1f" and "Infinity".
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/u;

/**
 * A non-empty CSV cell as the JSON value it stands for. Text that is not a valid number or
 * flag is passed through unchanged, so validation reports it as the text it was.
 */
export function cellValue(type: FieldType, cell: string): unknown {
  switch (type) {
    case 'number':
      return DECIMAL.test(cell) ? Number(cell) : cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    case 'date':
    case 'text':
      return cell;
  }
}

/** A position field's value as file text (CSV cell or JSON string/number/boolean). */
export function fileValue(type: FieldType, value: unknown): string | number | boolean {
  if (type === 'date') return formatDay(value as number);
  return value as string | number | boolean;
}
