import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';

/** The example blueprints and environments shipped with the package: the trading commands' defaults. */
export const EXAMPLE_TRADING = {
  blueprints: fileURLToPath(new URL('../../examples/trading/blueprints', import.meta.url)),
  environments: fileURLToPath(new URL('../../examples/trading/environments', import.meta.url)),
  operation: fileURLToPath(new URL('../../examples/operations/multi-strategy.yaml', import.meta.url)),
} as const;

/** `--set path=value`: the value is read as JSON when it is JSON (numbers, booleans, objects), else as text. */
export function parseSetting(text: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const at = text.indexOf('=');
  if (at <= 0) throw new SettingSyntaxError(text);
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: a plain string.
  }
  return { ...previous, [text.slice(0, at)]: value };
}

/** A --set that is not `path=value`. */
export class SettingSyntaxError extends InvalidArgumentError {
  constructor(text: string) {
    super(`expected path=value (e.g. blueprint.workers.fast.params.period=12), got "${text}"`);
  }
}
