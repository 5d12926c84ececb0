import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assetFromDataFile, idFromFileName, parseUtcInstant } from '../../../src/trading/blueprint/index.js';
import { MARKET_DATA } from './catalog-fixtures.js';

describe('assetFromDataFile', () => {
  it('names the asset of every market data file by the part before its timeframe or dates', () => {
    const files = readdirSync(MARKET_DATA).filter((name) => name.endsWith('.csv')).sort();
    expect(files.map((name) => [name, assetFromDataFile(`${MARKET_DATA}/${name}`)])).toEqual([
      ['BTC-PERP-1m-2022-01.csv', 'BTC-PERP'],
      ['EURUSD-h1.csv', 'EURUSD'],
      ['GOOG-daily-2004-2013.csv', 'GOOG'],
      ['ORCL-daily-1995-2014.csv', 'ORCL'],
      ['backtrader-2006-day-001.csv', 'backtrader'],
      ['ust-par-yields-2023.csv', 'ust-par-yields'],
    ]);
  });

  it('keeps a name with no timeframe whole', () => {
    expect(assetFromDataFile('/data/SPY.csv')).toBe('SPY');
  });
});

describe('parseUtcInstant', () => {
  it('reads dates and date-times as UTC unless an offset is written', () => {
    expect(parseUtcInstant('2022-01-01')).toBe(Date.UTC(2022, 0, 1));
    expect(parseUtcInstant('2022-01-15T12:30')).toBe(Date.UTC(2022, 0, 15, 12, 30));
    expect(parseUtcInstant('2022-01-15 12:30:05Z')).toBe(Date.UTC(2022, 0, 15, 12, 30, 5));
    expect(parseUtcInstant('2022-01-15T12:30:00+02:00')).toBe(Date.UTC(2022, 0, 15, 10, 30));
  });

  it('refuses impossible dates and bare numbers (which a data file would read as epoch seconds)', () => {
    for (const text of ['2022-02-30', '2022-13-01', '20220101', '1641000000', 'soon', '']) expect(parseUtcInstant(text)).toBeNaN();
  });
});

describe('idFromFileName', () => {
  it('drops the directory and the YAML extension', () => {
    expect(idFromFileName('/x/y/sma_cross.yaml')).toBe('sma_cross');
    expect(idFromFileName('live.yml')).toBe('live');
  });
});
