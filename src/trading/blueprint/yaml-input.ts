/**
 * Reads one YAML file of the trading catalog through the core's config loader, so every
 * problem is reported with the file, line and column it is at, and the result is validated and
 * deeply frozen like any config.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigValidationError, loadConfig, type ConfigIssue, type DeepReadonly } from '../../config/index.js';

/**
 * Loads `file` (absolute) against `schema`. Validation errors are re-labelled with `subject`
 * and the file (`Invalid blueprint /…/sma_cross.yaml (2 issues)`), and every issue names the
 * file and a line.
 */
export function loadYamlFile<S extends z.core.$ZodType<object>>(schema: S, file: string, subject: string): DeepReadonly<z.core.output<S>> {
  try {
    // No environment variables: catalog files mean the same on every machine.
    return loadConfig({ schema, file, env: {} }).value;
  } catch (error) {
    if (error instanceof ConfigValidationError) throw new ConfigValidationError(`${subject} ${file}`, locateMissing(error.issues, file));
    throw error;
  }
}

/**
 * Gives issues without a line the line where the file's mapping starts. The file is the only
 * input here, so every issue is about it; those without a line are about a key the file lacks
 * at the top level (nested missing keys already point at their parent's line).
 */
function locateMissing(issues: readonly ConfigIssue[], file: string): ConfigIssue[] {
  let top: { line: number; column: number } | undefined;
  return issues.map((issue) => {
    if (issue.source?.kind === 'file' && issue.source.line !== undefined) return issue;
    top ??= topOfDocument(file);
    return { ...issue, source: { kind: 'file', file, ...top } };
  });
}

/** Where the document's content starts (after leading comments); line 1 for an empty file. */
function topOfDocument(file: string): { line: number; column: number } {
  const lines = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const { line, col } = lines.linePos(document.contents?.range[0] ?? 0);
  return { line, column: col };
}
