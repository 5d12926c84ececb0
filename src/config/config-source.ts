import type { ConfigPath } from './config-path.js';

/**
 * Where a config value came from. Errors carry it so that a person can go straight to the
 * offending input: the file and line, the environment variable, or the request's overrides.
 */
export type ConfigSource =
  | { readonly kind: 'defaults' }
  | { readonly kind: 'file'; readonly file: string; readonly line?: number; readonly column?: number }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'overrides' }
  | { readonly kind: 'base' };

/**
 * A layer of input (defaults, a file, the environment, overrides) that can say where a path
 * inside it came from. Files answer with a line; the others answer with their own name.
 */
export interface ConfigOrigin {
  sourceOf(path: ConfigPath): ConfigSource;
}

/** An origin whose every path has the same source (defaults, overrides, one env variable). */
export function fixedOrigin(source: ConfigSource): ConfigOrigin {
  return { sourceOf: () => source };
}

/**
 * Short human text for a source, or undefined when naming it would not help (defaults written
 * in code and the base being overridden are not something the reader can go and fix).
 */
export function describeSource(source: ConfigSource): string | undefined {
  switch (source.kind) {
    case 'file':
      if (source.line === undefined) return source.file;
      return source.column === undefined ? `${source.file}:${source.line}` : `${source.file}:${source.line}:${source.column}`;
    case 'env':
      return `env ${source.variable}`;
    case 'overrides':
      return 'overrides';
    case 'defaults':
    case 'base':
      return undefined;
  }
}
