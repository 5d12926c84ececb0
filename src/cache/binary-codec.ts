import { crc32 } from 'node:zlib';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import type { Codec } from './codec.js';
import { CodecError } from './codec-error.js';

/**
 * A Codec from two functions that write and read fields, wrapped in a checked frame:
 *
 *   "TNRC" | frame format (u8) | codec name (u32 length + UTF-8) | body length (u32) | CRC-32 of body (u32) | body
 *
 * The name makes bytes of one codec unreadable by another (a key reused for a different type);
 * the length catches truncation; the checksum catches corruption that leaves the length
 * intact (a flipped bit inside a Float64 would otherwise decode to a plausible wrong number).
 * Schema changes are handled by versioned cache keys, not inside the frame.
 */
export interface BinaryCodecSpec<V> {
  /** A stable, unique name, e.g. "tenure.market-data". */
  readonly name: string;
  write(value: V, writer: ByteWriter): void;
  /** Reads what `write` wrote; throws `reader.fail(...)` for a field out of range. */
  read(reader: ByteReader): V;
}

const MAGIC = [0x54, 0x4e, 0x52, 0x43]; // "TNRC"
const FRAME_FORMAT = 1;

export function binaryCodec<V>(spec: BinaryCodecSpec<V>): Codec<V> {
  const { name } = spec;
  return {
    name,
    encode(value: V): Uint8Array {
      const body = new ByteWriter();
      try {
        spec.write(value, body);
      } catch (cause) {
        if (cause instanceof CodecError) throw cause;
        throw new CodecError(name, 'encode', cause instanceof Error ? cause.message : String(cause), { cause });
      }
      const bodyBytes = body.finish();
      const header = new ByteWriter();
      for (const byte of MAGIC) header.u8(byte);
      header.u8(FRAME_FORMAT).string(name).u32(bodyBytes.length).u32(crc32(bodyBytes));
      const headerBytes = header.finish();
      // One buffer of exactly the frame's length (the writers' buffers are larger than they hold).
      const frame = new Uint8Array(headerBytes.length + bodyBytes.length);
      frame.set(headerBytes);
      frame.set(bodyBytes, headerBytes.length);
      return frame;
    },
    decode(bytes: Uint8Array): V {
      const frame = new ByteReader(bytes, name);
      for (let i = 0; i < MAGIC.length; i++) {
        if (frame.u8('frame magic') !== MAGIC[i]) throw frame.fail('not a tenure binary frame (bad magic bytes)');
      }
      const format = frame.u8('frame format');
      if (format !== FRAME_FORMAT) throw frame.fail(`frame format ${format} is not the supported ${FRAME_FORMAT}`);
      const writtenBy = frame.string('codec name');
      if (writtenBy !== name) throw frame.fail(`the bytes were written by codec "${writtenBy}"`);
      const length = frame.u32('body length');
      const checksum = frame.u32('body checksum');
      if (frame.remaining !== length) {
        throw frame.fail(frame.remaining < length
          ? `truncated: the body should be ${length} bytes, ${frame.remaining} are left`
          : `${frame.remaining - length} unexpected bytes after the ${length}-byte body`);
      }
      const body = frame.raw(length, 'body');
      if (crc32(body) !== checksum) throw frame.fail('corrupted: the body does not match its checksum');
      const reader = new ByteReader(body, name);
      let value: V;
      try {
        value = spec.read(reader);
      } catch (cause) {
        if (cause instanceof CodecError) throw cause;
        throw reader.fail(cause instanceof Error ? cause.message : String(cause), cause);
      }
      reader.end();
      return value;
    },
  };
}
