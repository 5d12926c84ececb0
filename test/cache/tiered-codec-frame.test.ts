import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryCodec, CodecError, type ByteReader, type Codec } from '../../src/cache/index.js';

interface Sample {
  readonly label: string;
  readonly count: number;
  readonly values: Float64Array;
  readonly days: Int32Array;
}

const sampleCodec: Codec<Sample> = binaryCodec<Sample>({
  name: 'test.sample',
  write: (sample, writer) => {
    writer.string(sample.label).i32(sample.count).f64Array(sample.values).i32Array(sample.days);
  },
  read: readSample,
});

function readSample(reader: ByteReader): Sample {
  return {
    label: reader.string('label'),
    count: reader.i32('count'),
    values: reader.f64Array('values'),
    days: reader.i32Array('days'),
  };
}

const otherCodec: Codec<string> = binaryCodec<string>({
  name: 'test.other',
  write: (text, writer) => {
    writer.string(text);
  },
  read: (reader) => reader.string('text'),
});

const sample: Sample = {
  label: 'päř yields ✓',
  count: -7,
  values: Float64Array.of(-0, 0, 5e-324, -Number.MAX_VALUE, Infinity, -Infinity, Number.NaN, 0.1 + 0.2, Math.PI),
  days: Int32Array.of(-1, 0, 19_720, 2 ** 31 - 1),
};

function decodeError(bytes: Uint8Array): CodecError {
  try {
    sampleCodec.decode(bytes);
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('decoded without an error');
}

describe('binary codec frames', () => {
  it('round-trips every bit of Float64 values, including -0, NaN, infinities and subnormals', () => {
    const decoded = sampleCodec.decode(sampleCodec.encode(sample));
    expect(decoded.label).toBe(sample.label);
    expect(decoded.count).toBe(-7);
    expect(decoded.days).toEqual(sample.days);
    expect(new Uint8Array(decoded.values.buffer)).toEqual(new Uint8Array(sample.values.buffer));
    expect(Object.is(decoded.values[0], -0)).toBe(true);
  });

  it('round-trips arbitrary doubles bit for bit', () => {
    fc.assert(fc.property(fc.array(fc.double()), fc.string(), (values, label) => {
      const original: Sample = { label, count: values.length, values: Float64Array.from(values), days: new Int32Array(0) };
      const decoded = sampleCodec.decode(sampleCodec.encode(original));
      expect(new Uint8Array(decoded.values.buffer)).toEqual(new Uint8Array(original.values.buffer));
      expect(decoded.label).toBe(label);
    }));
  });

  it('refuses every truncation with a CodecError that says so', () => {
    const bytes = sampleCodec.encode(sample);
    for (let length = 0; length < bytes.length; length++) {
      const error = decodeError(bytes.subarray(0, length));
      expect(error.code).toBe('CACHE_CODEC_FAILED');
      expect(error.operation).toBe('decode');
      expect(error.message).toMatch(/^codec "test\.sample": cannot decode: /);
      if (length > 40) expect(error.message).toMatch(/truncated/);
    }
  });

  it('refuses every single flipped bit', () => {
    const bytes = sampleCodec.encode(sample);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const corrupted = bytes.slice();
      corrupted[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => sampleCodec.decode(corrupted)).toThrow(CodecError);
    }
    const body = bytes.slice();
    body[body.length - 3]! ^= 0x10;
    expect(decodeError(body).message).toMatch(/corrupted: the body does not match its checksum/);
  });

  it('refuses bytes of another codec, bytes with a tail, and bytes that are no frame', () => {
    expect(decodeError(otherCodec.encode('x')).message).toMatch(/written by codec "test\.other"/);
    const bytes = sampleCodec.encode(sample);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(decodeError(longer).message).toMatch(/3 unexpected bytes after the \d+-byte body/);
    expect(decodeError(new TextEncoder().encode('{"json": true}')).message).toMatch(/not a tenure binary frame/);
  });

  it('refuses a body with fields left over (a layout it does not know)', () => {
    const longerBody = binaryCodec<Sample>({
      name: 'test.sample',
      write: (value, writer) => {
        writer.string(value.label).i32(value.count).f64Array(value.values).i32Array(value.days).u8(1);
      },
      read: readSample,
    });
    expect(decodeError(longerBody.encode(sample)).message).toMatch(/: 1 unexpected bytes after the last field/);
  });
});
