/**
 * The live feed's wire format: one JSON text message per bar,
 * `{"type":"bar","asset":"BTC-PERP","time":<epoch ms>,"open":…,"high":…,"low":…,"close":…,"volume":…}`,
 * and `{"type":"end"}` when a replay is over. JSON rather than a binary layout because a feed
 * carries at most thousands of bars a second, and a person can read it with any websocket client.
 * A message from the network is input like a file: it is checked field by field, and a bad one
 * is an error naming the field.
 */
import { TenureError } from '../../errors/tenure-error.js';
import type { Bar } from '../market/bar-series.js';

export interface BarMessage extends Bar {
  readonly type: 'bar';
  readonly asset: string;
}

export interface EndMessage {
  readonly type: 'end';
}

export type FeedMessage = BarMessage | EndMessage;

/** A feed message that is not JSON, not an object, or has a missing or wrong field. */
export class FeedMessageError extends TenureError {
  readonly code = 'BAD_FEED_MESSAGE';

  /** @param field the field that is wrong ('' when the message as a whole is) */
  constructor(
    readonly field: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`feed message${field === '' ? '' : ` field "${field}"`}: ${detail}`, options);
  }
}

export const END_MESSAGE_TEXT = '{"type":"end"}';

/** The wire text of one bar. */
export function encodeBarMessage(asset: string, bar: Bar): string {
  return `{"type":"bar","asset":${JSON.stringify(asset)},"time":${bar.time},"open":${bar.open},"high":${bar.high},"low":${bar.low},"close":${bar.close},"volume":${bar.volume}}`;
}

/**
 * Encodes the bars of one asset without re-escaping the asset per bar: the replay of a long
 * series sends this prefix tens of thousands of times.
 */
export function barMessageEncoder(asset: string): (time: number, open: number, high: number, low: number, close: number, volume: number) => string {
  const prefix = `{"type":"bar","asset":${JSON.stringify(asset)},"time":`;
  return (time, open, high, low, close, volume) =>
    `${prefix}${time},"open":${open},"high":${high},"low":${low},"close":${close},"volume":${volume}}`;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Parses and checks one message's text; throws FeedMessageError naming the bad field. */
export function parseFeedMessage(text: string): FeedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FeedMessageError('', `not JSON (${preview(text)})`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FeedMessageError('', `expected a JSON object, got ${preview(text)}`);
  const message = value as Record<string, unknown>;

  if (message.type === 'end') return { type: 'end' };
  if (message.type !== 'bar') throw new FeedMessageError('type', `expected "bar" or "end", got ${describe(message.type)}`);

  const asset = message.asset;
  if (typeof asset !== 'string' || asset === '') throw new FeedMessageError('asset', `expected a non-empty string, got ${describe(asset)}`);
  const time = message.time;
  if (typeof time !== 'number' || !Number.isFinite(time)) throw new FeedMessageError('time', `expected epoch milliseconds, got ${describe(time)}`);
  for (const field of PRICE_FIELDS) {
    const price = message[field];
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
      throw new FeedMessageError(field, `expected a non-negative number, got ${describe(price)}`);
    }
  }
  const bar = message as unknown as BarMessage;
  if (bar.high < bar.low) throw new FeedMessageError('high', `high ${bar.high} is below low ${bar.low}`);
  return { type: 'bar', asset, time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing (the field is missing)' : preview(JSON.stringify(value));
}

function preview(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
