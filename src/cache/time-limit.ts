/**
 * Runs an operation against something that may be slow or down (a remote cache tier) within a
 * time limit, and reports how it ended instead of throwing: callers that treat every failure
 * as "not available" then need no try/catch per call, and the timer never outlives the call.
 */
export type Bounded<T> =
  | { readonly outcome: 'ok'; readonly value: T }
  | { readonly outcome: 'timeout' }
  | { readonly outcome: 'error'; readonly error: unknown };

export function withinTimeLimit<T>(start: () => Promise<T>, limitMs: number): Promise<Bounded<T>> {
  let operation: Promise<T>;
  try {
    operation = start();
  } catch (error) {
    return Promise.resolve({ outcome: 'error', error });
  }
  return new Promise<Bounded<T>>((resolve) => {
    const timer = setTimeout(() => {
      resolve({ outcome: 'timeout' });
    }, limitMs);
    operation.then(
      (value) => {
        clearTimeout(timer);
        resolve({ outcome: 'ok', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ outcome: 'error', error });
      },
    );
  });
}
