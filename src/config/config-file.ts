import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigFileError, ConfigSyntaxError, type ConfigSyntaxProblem } from './config-error.js';
import { YamlSourceLocations } from './source-locations.js';

/** A parsed config file: its data and a way back from a path to the line it came from. */
export interface ConfigFile {
  readonly data: unknown;
  readonly locations: YamlSourceLocations;
}

/** yaml ends its messages with " at line N, column M:" and a code excerpt; the position is reported separately. */
function headline(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Reads a YAML or JSON config file (JSON is parsed as YAML, so both get line numbers).
 * Reading is synchronous on purpose: config is loaded once, at start-up, before anything runs.
 * An empty file is an empty config. Every syntax problem is reported with its line, including
 * duplicate keys, which YAML forbids and a JSON parser would silently resolve.
 */
export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigFileError(file, cause);
  }

  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems: ConfigSyntaxProblem[] = document.errors.map((error) => {
      const position = error.linePos?.[0];
      return { line: position?.line, column: position?.col, message: headline(error.message) };
    });
    throw new ConfigSyntaxError(file, problems);
  }

  let data: unknown;
  try {
    // The alias limit stops a "billion laughs" file from expanding into gigabytes.
    data = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigSyntaxError(file, [{ line: undefined, column: undefined, message }]);
  }
  return { data: data ?? {}, locations: new YamlSourceLocations(file, document, lines) };
}
