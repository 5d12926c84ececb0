/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field that holds a comma,
 * a quote or a line break is enclosed in double quotes, and a quote inside it is doubled.
 * Records are reported with the physical line they start on, which is what an editor shows
 * (a quoted field may span lines, so record number and line number can differ).
 */

/**
 * Receives records and malformed records in file order; return false to stop reading. The
 * `fields` array is reused for the next record (100,000 rows make no 100,000 arrays): copy
 * it to keep it.
 */
export interface CsvVisitor {
  record(fields: readonly string[], line: number): boolean;
  malformed(line: number, problem: string): boolean;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads every record of `text`. Blank lines are skipped. A malformed record (a quote inside an
 * unquoted field, text after a closing quote, a quote never closed) is reported and reading
 * resumes on the next physical line, so one bad row does not hide the problems after it.
 */
export function forEachCsvRecord(text: string, visitor: CsvVisitor): void {
  const length = text.length;
  let pos = 0;
  let line = 1;
  const fields: string[] = [];
  while (pos < length) {
    const recordLine = line;
    fields.length = 0;
    let quoted = false;
    let problem: string | undefined;
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        quoted = true;
        value = '';
        let start = pos + 1;
        for (;;) {
          const close = text.indexOf('"', start);
          if (close === -1) {
            line += countLineFeeds(text, start, length);
            pos = length;
            problem = `a quoted field opened on line ${recordLine} is never closed`;
            break;
          }
          value += text.slice(start, close);
          line += countLineFeeds(text, start, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            start = close + 2;
            continue;
          }
          pos = close + 1;
          break;
        }
        if (problem !== undefined) break;
        const next = text.charCodeAt(pos);
        if (pos < length && next !== COMMA && next !== LF && next !== CR) {
          problem = 'text after a closing quote (write a quote inside a quoted field as "")';
          break;
        }
      } else {
        const start = pos;
        while (pos < length) {
          const code = text.charCodeAt(pos);
          if (code === COMMA || code === LF || code === CR) break;
          if (code === QUOTE) {
            problem = 'a quote inside an unquoted field (enclose the field in quotes and double the quote)';
            break;
          }
          pos += 1;
        }
        if (problem !== undefined) break;
        value = text.slice(start, pos);
      }
      fields.push(value);
      if (pos >= length) break;
      const separator = text.charCodeAt(pos);
      if (separator === COMMA) {
        pos += 1;
        continue;
      }
      if (separator === LF || (separator === CR && text.charCodeAt(pos + 1) === LF)) {
        pos += separator === LF ? 1 : 2;
        line += 1;
        break;
      }
      problem = 'a carriage return without a line feed';
      break;
    }
    if (problem !== undefined) {
      const lineFeed = text.indexOf('\n', pos);
      if (lineFeed === -1) {
        pos = length;
      } else {
        pos = lineFeed + 1;
        line += 1;
      }
      if (!visitor.malformed(recordLine, problem)) return;
      continue;
    }
    if (!quoted && fields.length === 1 && fields[0] === '') continue;
    if (!visitor.record(fields, recordLine)) return;
  }
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count += 1;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

const NEEDS_QUOTES = /[",\r\n]/u;

/** One field as CSV: quoted only when it has to be. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
