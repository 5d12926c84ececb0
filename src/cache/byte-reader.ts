import { CodecError } from './codec-error.js';

/**
 * Reads the fields a ByteWriter wrote, in the same order, checking every length against the
 * bytes left: truncated or corrupted input throws a CodecError that names the codec, the field
 * and the offset, never reads past the end or returns a half-built value.
 */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const decoder = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #codec: string;
  #offset = 0;

  constructor(bytes: Uint8Array, codec: string) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#codec = codec;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  u8(field: string): number {
    this.#need(1, field);
    return this.#view.getUint8(this.#offset++);
  }

  u32(field: string): number {
    this.#need(4, field);
    const value = this.#view.getUint32(this.#offset, true);
    this.#offset += 4;
    return value;
  }

  i32(field: string): number {
    this.#need(4, field);
    const value = this.#view.getInt32(this.#offset, true);
    this.#offset += 4;
    return value;
  }

  f64(field: string): number {
    this.#need(8, field);
    const value = this.#view.getFloat64(this.#offset, true);
    this.#offset += 8;
    return value;
  }

  string(field: string): string {
    const bytes = this.bytes(field);
    try {
      return decoder.decode(bytes);
    } catch (cause) {
      throw this.fail(`${field} is not valid UTF-8`, cause);
    }
  }

  /** Bytes after their u32 length, as a view into the input (no copy). */
  bytes(field: string): Uint8Array {
    const length = this.u32(`${field} length`);
    return this.raw(length, field);
  }

  /** `length` raw bytes, as a view into the input. */
  raw(length: number, field: string): Uint8Array {
    this.#need(length, field);
    const bytes = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return bytes;
  }

  f64Array(field: string): Float64Array {
    const count = this.u32(`${field} count`);
    return this.f64Values(count, field);
  }

  /** `count` values into a new array, or into `into` at `at` when given. */
  f64Values(count: number, field: string, into?: Float64Array, at = 0): Float64Array {
    this.#need(count * 8, field);
    const out = into ?? new Float64Array(count);
    if (LITTLE_ENDIAN_HOST) {
      // Copies through bytes, so the input needs no 8-byte alignment.
      new Uint8Array(out.buffer, out.byteOffset + at * 8, count * 8).set(this.#bytes.subarray(this.#offset, this.#offset + count * 8));
      this.#offset += count * 8;
    } else {
      for (let i = 0; i < count; i++) {
        out[at + i] = this.#view.getFloat64(this.#offset, true);
        this.#offset += 8;
      }
    }
    return out;
  }

  i32Array(field: string): Int32Array {
    const count = this.u32(`${field} count`);
    this.#need(count * 4, field);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.#view.getInt32(this.#offset, true);
      this.#offset += 4;
    }
    return out;
  }

  /** Throws unless every byte was read: trailing bytes mean the layout is not the one expected. */
  end(): void {
    if (this.remaining !== 0) throw this.fail(`${this.remaining} unexpected bytes after the last field at offset ${this.#offset}`);
  }

  /** A decode error of this reader's codec; the caller throws it. */
  fail(detail: string, cause?: unknown): CodecError {
    return new CodecError(this.#codec, 'decode', detail, cause === undefined ? undefined : { cause });
  }

  #need(count: number, field: string): void {
    if (!(count <= this.#bytes.length - this.#offset)) {
      throw this.fail(`truncated: ${field} needs ${count} bytes at offset ${this.#offset}, only ${this.#bytes.length - this.#offset} left`);
    }
  }
}
