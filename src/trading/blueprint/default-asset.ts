/**
 * The asset a data file is about, when an environment does not say: market data files are
 * named `<ASSET>-<timeframe or dates>.csv` (`BTC-PERP-1m-2022-01.csv`, `GOOG-daily-2004-2013.csv`,
 * `EURUSD-h1.csv`), so the asset is the name up to the first part that is a timeframe or
 * starts with a digit. An environment that needs another name sets `asset`.
 */
import { basename, extname } from 'node:path';

const NOT_PART_OF_ASSET = /^(\d.*|[smhdwSMHDW]\d+|tick|ticks|minute|minutes|hour|hourly|day|daily|week|weekly|month|monthly)$/i;

export function assetFromDataFile(file: string): string {
  const stem = basename(file, extname(file));
  const parts = stem.split('-');
  const end = parts.findIndex((part, index) => index > 0 && NOT_PART_OF_ASSET.test(part));
  return end === -1 ? stem : parts.slice(0, end).join('-');
}
