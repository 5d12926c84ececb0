/**
 * How a value becomes bytes and back, for cache tiers that live outside the process (another
 * process's memory, Redis). A codec must round-trip exactly: what `decode(encode(v))` returns
 * must behave bit for bit like `v`, or a value read from a shared tier would differ from one
 * loaded from the source. Bytes that cannot be decoded must throw a CodecError, never yield a
 * half-built value.
 */
export interface Codec<V> {
  /** Names the format in errors and in the frame of a binary codec. */
  readonly name: string;
  encode(value: V): Uint8Array;
  decode(bytes: Uint8Array): V;
}
