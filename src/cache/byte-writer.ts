/**
 * Appends fixed-layout little-endian fields to a growing buffer: the writing half of a binary
 * codec. Float64 values are written as their 8 bytes, so every bit (sign of zero, NaN payload)
 * survives, which JSON cannot promise.
 */
const INITIAL_BYTES = 256;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const encoder = new TextEncoder();

export class ByteWriter {
  #bytes = new Uint8Array(INITIAL_BYTES);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  u8(value: number): this {
    this.#reserve(1);
    this.#view.setUint8(this.#length, value);
    this.#length += 1;
    return this;
  }

  u32(value: number): this {
    this.#reserve(4);
    this.#view.setUint32(this.#length, value, true);
    this.#length += 4;
    return this;
  }

  i32(value: number): this {
    this.#reserve(4);
    this.#view.setInt32(this.#length, value, true);
    this.#length += 4;
    return this;
  }

  f64(value: number): this {
    this.#reserve(8);
    this.#view.setFloat64(this.#length, value, true);
    this.#length += 8;
    return this;
  }

  /** UTF-8 bytes after their u32 byte length. */
  string(value: string): this {
    return this.bytes(encoder.encode(value));
  }

  /** Raw bytes after their u32 length. */
  bytes(value: Uint8Array): this {
    this.u32(value.length);
    this.raw(value);
    return this;
  }

  /** Raw bytes, no length: for a frame whose length was written elsewhere. */
  raw(value: Uint8Array): this {
    this.#reserve(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
    return this;
  }

  /** u32 count, then the values. */
  f64Array(values: ArrayLike<number>): this {
    this.u32(values.length);
    return this.f64Values(values);
  }

  /** The values alone, for a caller that wrote the count itself (columns of one length). */
  f64Values(values: ArrayLike<number>): this {
    const count = values.length;
    this.#reserve(count * 8);
    if (LITTLE_ENDIAN_HOST && values instanceof Float64Array) {
      // A Float64Array on a little-endian host already is the wire layout: one copy.
      this.#bytes.set(new Uint8Array(values.buffer, values.byteOffset, count * 8), this.#length);
      this.#length += count * 8;
      return this;
    }
    for (let i = 0; i < count; i++) {
      this.#view.setFloat64(this.#length, values[i]!, true);
      this.#length += 8;
    }
    return this;
  }

  /** u32 count, then the values. */
  i32Array(values: ArrayLike<number>): this {
    const count = values.length;
    this.u32(count);
    this.#reserve(count * 4);
    for (let i = 0; i < count; i++) {
      this.#view.setInt32(this.#length, values[i]!, true);
      this.#length += 4;
    }
    return this;
  }

  /** The bytes written, as a view of exactly that length (no copy). */
  finish(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  #reserve(count: number): void {
    const needed = this.#length + count;
    if (needed <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}
