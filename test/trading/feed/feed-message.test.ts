import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barMessageEncoder, encodeBarMessage, END_MESSAGE_TEXT, FeedMessageError, parseFeedMessage } from '../../../src/trading/feed/feed-message.js';

const price = fc.double({ min: 0, max: 1e12, noNaN: true });
const bar = fc.record({ time: fc.integer({ min: 0, max: 4_102_444_800_000 }), open: price, high: price, low: price, close: price, volume: price }).map((b) => ({ ...b, high: Math.max(b.high, b.low), low: Math.min(b.high, b.low) }));

function messageError(text: string): FeedMessageError {
  try {
    parseFeedMessage(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FeedMessageError);
    expect((error as FeedMessageError).code).toBe('BAD_FEED_MESSAGE');
    return error as FeedMessageError;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('feed messages', () => {
  it('a bar survives encoding and parsing exactly, through either encoder (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), bar, (asset, b) => {
        const text = encodeBarMessage(asset, b);
        expect(barMessageEncoder(asset)(b.time, b.open, b.high, b.low, b.close, b.volume)).toBe(text);
        expect(JSON.parse(text)).toEqual({ type: 'bar', asset, ...b });
        expect(parseFeedMessage(text)).toEqual({ type: 'bar', asset, ...b });
      }),
    );
  });

  it('the end message', () => {
    expect(parseFeedMessage(END_MESSAGE_TEXT)).toEqual({ type: 'end' });
  });

  it('bad messages are errors naming the field', () => {
    const good = { type: 'bar', asset: 'BTC-PERP', time: 1_640_995_200_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };
    const withField = (field: string, value: unknown): string => JSON.stringify({ ...good, [field]: value });

    expect(messageError('{"type":').message).toMatch(/^feed message: not JSON/);
    expect(messageError('[1,2]').field).toBe('');
    expect(messageError(withField('type', 'tick')).message).toBe('feed message field "type": expected "bar" or "end", got "tick"');
    expect(messageError(withField('asset', '')).field).toBe('asset');
    expect(messageError(withField('time', '2022-01-01')).field).toBe('time');
    const { close: _close, ...withoutClose } = good;
    const missing = messageError(JSON.stringify(withoutClose));
    expect(missing.field).toBe('close');
    expect(missing.message).toBe('feed message field "close": expected a non-negative number, got nothing (the field is missing)');
    expect(messageError(withField('volume', -1)).message).toBe('feed message field "volume": expected a non-negative number, got -1');
    expect(messageError(withField('low', 3)).message).toBe('feed message field "high": high 2 is below low 3');
  });
});
