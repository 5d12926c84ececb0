import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PortfolioValidationError } from './portfolio-error.js';

/** A portfolio file's text and the SHA-256 of its bytes (the portfolio's sourceHash). */
export interface PortfolioText {
  readonly text: string;
  readonly sourceHash: string;
}

/**
 * Reads a portfolio file as UTF-8 (a BOM is kept for the parser to skip). Throws
 * PortfolioValidationError naming the file when it cannot be read or is not UTF-8.
 */
export async function readPortfolioText(file: string): Promise<PortfolioText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new PortfolioValidationError(file, [{ file, message: `cannot read the file: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new PortfolioValidationError(file, [{ file, message: 'not UTF-8 text' }]);
  }
  return { text, sourceHash: createHash('sha256').update(bytes).digest('hex') };
}
