import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A function that forces a full garbage collection, for the leak sentinel, even when the
 * process was not started with --expose-gc: the flag can be set at run time, and a fresh
 * context then sees `gc`. Leak checks are on demand, so the cost of exposing it is nil.
 */
export function runtimeGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
