import { createHash, type Hash } from 'node:crypto';
import { TenureError } from '../errors/tenure-error.js';

/** A SHA-256 digest, as 64 lowercase hex characters. */
export type Fingerprint = string;

/** A value `fingerprint` cannot encode (a function, a symbol, a cycle, ...), named by its path. */
export class FingerprintError extends TenureError {
  readonly code = 'FINGERPRINT_UNSUPPORTED';

  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`fingerprint: ${path}: ${problem}`);
  }
}

/**
 * A stable digest of a value's content: equal for values with the same content, different
 * (short of a SHA-256 collision) for values that differ anywhere.
 *
 * The value is written as a canonical, JSON-like text and hashed:
 * - object keys are sorted, so key order does not matter; only own enumerable string keys count
 *   (a class instance is hashed as its fields, like JSON); a property whose value is
 *   `undefined` is the same as a missing one (as in JSON), but an `undefined` array item counts;
 * - numbers keep what JSON loses: NaN, Infinity and -0 (which differs from 0) are distinct;
 * - bigint, Date, RegExp, Map and Set are tagged; Map entries and Set items are ordered by
 *   the digest of their content, so insertion order does not matter;
 * - typed arrays, DataViews and ArrayBuffers are hashed as little-endian bytes of their
 *   elements (NaN canonicalised), tagged with their type, so a Float64Array differs from a
 *   plain array of the same numbers;
 * - shared references are fine; a cycle, a function, a symbol, or a WeakMap/WeakSet/WeakRef/
 *   Promise throws {@link FingerprintError} naming the path.
 */
export function fingerprint(value: unknown): Fingerprint {
  return fingerprintAt(value, '$');
}

/** {@link fingerprint}, with errors naming paths under `path` (e.g. `parameters.weights`) instead of `$`. */
export function fingerprintAt(value: unknown, path: string): Fingerprint {
  const writer = new DigestWriter();
  encode(value, writer, new Set(), path);
  return writer.digest();
}

/**
 * Buffers text and feeds it to the hash in large pieces: one `update` per primitive would
 * spend more time crossing into native code than hashing.
 */
class DigestWriter {
  readonly #hash: Hash = createHash('sha256');
  #parts: string[] = [];
  #length = 0;

  text(part: string): void {
    this.#parts.push(part);
    this.#length += part.length;
    if (this.#length > 1 << 16) this.#flush();
  }

  bytes(bytes: Uint8Array): void {
    this.#flush();
    this.#hash.update(bytes);
  }

  digest(): Fingerprint {
    this.#flush();
    return this.#hash.digest('hex');
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    this.#hash.update(this.#parts.join(''), 'utf8');
    this.#parts = [];
    this.#length = 0;
  }
}

function encode(value: unknown, out: DigestWriter, ancestors: Set<object>, path: string): void {
  switch (typeof value) {
    case 'string':
      out.text(JSON.stringify(value));
      return;
    case 'number':
      out.text(Object.is(value, -0) ? '-0' : String(value));
      return;
    case 'boolean':
      out.text(value ? 'true' : 'false');
      return;
    case 'undefined':
      out.text('!undefined');
      return;
    case 'bigint':
      out.text(`!bigint(${value.toString()})`);
      return;
    case 'symbol':
      throw new FingerprintError(path, `a symbol (${value.toString()}) has no content to fingerprint`);
    case 'function':
      throw new FingerprintError(path, `a function (${value.name || 'anonymous'}) has no content to fingerprint`);
    case 'object':
      break;
  }
  if (value === null) {
    out.text('null');
    return;
  }
  if (ancestors.has(value)) throw new FingerprintError(path, 'cycle: the value contains itself');
  ancestors.add(value);
  try {
    encodeObject(value, out, ancestors, path);
  } finally {
    ancestors.delete(value);
  }
}

function encodeObject(value: object, out: DigestWriter, ancestors: Set<object>, path: string): void {
  if (Array.isArray(value)) {
    out.text('[');
    const items = value as readonly unknown[];
    for (let index = 0; index < items.length; index++) {
      if (index > 0) out.text(',');
      encode(items[index], out, ancestors, `${path}[${index}]`);
    }
    out.text(']');
    return;
  }
  if (ArrayBuffer.isView(value)) {
    out.text(`!${value.constructor.name}(${value.byteLength}):`);
    out.bytes(littleEndianBytes(value));
    return;
  }
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    out.text(`!${value.constructor.name}(${value.byteLength}):`);
    out.bytes(new Uint8Array(value));
    return;
  }
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].map(([key, item], index) => {
      const entryPath = `${path}.<entry ${index}>`;
      return digestOf(key, ancestors, `${entryPath}.key`) + digestOf(item, ancestors, `${entryPath}.value`);
    });
    out.text(`!Map(${entries.length}){${entries.sort().join(',')}}`);
    return;
  }
  if (value instanceof Set) {
    const items = [...(value as Set<unknown>)].map((item, index) => digestOf(item, ancestors, `${path}.<item ${index}>`));
    out.text(`!Set(${items.length})[${items.sort().join(',')}]`);
    return;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    out.text(`!Date(${Number.isNaN(time) ? 'invalid' : value.toISOString()})`);
    return;
  }
  if (value instanceof RegExp) {
    out.text(`!RegExp(${JSON.stringify(value.source)},${JSON.stringify(value.flags)})`);
    return;
  }
  if (value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef || value instanceof Promise) {
    throw new FingerprintError(path, `a ${value.constructor.name} has no readable content to fingerprint`);
  }

  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out.text('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out.text(',');
    first = false;
    out.text(`${JSON.stringify(key)}:`);
    encode(item, out, ancestors, `${path}.${key}`);
  }
  out.text('}');
}

/** The digest of one Map or Set member, so members can be put in an order that does not depend on insertion. */
function digestOf(value: unknown, ancestors: Set<object>, path: string): string {
  const writer = new DigestWriter();
  encode(value, writer, ancestors, path);
  return writer.digest();
}

/**
 * The bytes of a view in little-endian element order, with every NaN written as the one
 * canonical NaN: the same numbers give the same bytes on any platform.
 */
function littleEndianBytes(view: ArrayBufferView): Uint8Array {
  const raw = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  if (view instanceof Float64Array) {
    const out = new DataView(new ArrayBuffer(view.byteLength));
    for (let index = 0; index < view.length; index++) {
      const item = view[index]!;
      if (Number.isNaN(item)) out.setUint32(index * 8 + 4, 0x7ff80000, true);
      else out.setFloat64(index * 8, item, true);
    }
    return new Uint8Array(out.buffer);
  }
  if (view instanceof Float32Array) {
    const out = new DataView(new ArrayBuffer(view.byteLength));
    for (let index = 0; index < view.length; index++) {
      const item = view[index]!;
      if (Number.isNaN(item)) out.setUint32(index * 4, 0x7fc00000, true);
      else out.setFloat32(index * 4, item, true);
    }
    return new Uint8Array(out.buffer);
  }
  const width = 'BYTES_PER_ELEMENT' in view ? Number(view.BYTES_PER_ELEMENT) : 1;
  if (width === 1 || LITTLE_ENDIAN) return raw;
  // A big-endian platform: reverse each element's bytes.
  const swapped = new Uint8Array(raw.length);
  for (let start = 0; start < raw.length; start += width) {
    for (let byte = 0; byte < width; byte++) swapped[start + byte] = raw[start + width - 1 - byte]!;
  }
  return swapped;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
