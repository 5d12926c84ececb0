/**
 * Base of every error tenure throws on purpose. The `code` is stable and machine-readable, so
 * the CLI can map it to an exit code and the server to a typed 4xx body without parsing
 * messages; the message is for people and names the input and where it is wrong.
 */
export abstract class TenureError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
