import { describe, expect, it } from 'vitest';
import { TenureError } from '../../../src/errors/tenure-error.js';
import { dayOf } from '../../../src/valuation/dates/day.js';
import { parsePortfolioCsv } from '../../../src/valuation/portfolio/parse-portfolio-csv.js';
import { ALL_FIELDS } from '../../../src/valuation/portfolio/portfolio-fields.js';
import { PortfolioValidationError } from '../../../src/valuation/portfolio/portfolio-error.js';
import { formatPortfolioCsv } from '../../../src/valuation/portfolio/write-portfolio.js';
import { BOND, MBS, SWAP, issueLines, rejection } from './helpers.js';

const HEADER = ['kind', 'id', ...ALL_FIELDS].join(',');
const BOND_HEADER = 'kind,id,face,coupon,issueDate,maturityDate,frequency,dayCount,calendar';
const MBS_HEADER = 'kind,id,balance,wac,netCoupon,wam,age,model';
const SWAP_HEADER = 'kind,id,notional,fixedRate,payFixed,startDate,maturityDate,fixedFrequency,floatFrequency,fixedDayCount,floatDayCount';
const GOOD_BOND = 'bond,B1,1000000,0.05,2020-01-15,2030-01-15,2,ACT/ACT-ISMA,US-GOVT';
const GOOD_MBS = 'mbs,M1,2500000,0.055,0.05,300,60,psa-100';
const GOOD_SWAP = 'swap,S1,10000000,0.035,false,2023-12-29,2033-12-29,2,4,30/360,ACT/360';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const csvIssues = (text: string, maxIssues?: number): string[] => issueLines(rejection(() => parsePortfolioCsv(text, 'portfolio.csv', { maxIssues })));

describe('parsePortfolioCsv', () => {
  it('reads mixed kinds from one file: numbers, dates as Days, flags, quoted text', () => {
    const text = formatPortfolioCsv([BOND, MBS, SWAP]);
    expect(parsePortfolioCsv(text, 'portfolio.csv')).toEqual([BOND, MBS, SWAP]);
  });

  it('takes the columns in any order, only those the kinds present need, CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFFid,maturityDate,kind,face,coupon,issueDate,frequency,dayCount,calendar\r\nB1,2030-01-15,bond,1000000,0.05,2020-01-15,2,30/360,none\r\n';
    expect(parsePortfolioCsv(text, 'bonds.csv')).toEqual([
      { kind: 'bond', id: 'B1', face: 1_000_000, coupon: 0.05, issueDate: dayOf(2020, 1, 15), maturityDate: dayOf(2030, 1, 15), frequency: 2, dayCount: '30/360', calendar: 'none' },
    ]);
  });

  it('reads a header alone as an empty portfolio', () => {
    expect(parsePortfolioCsv(lines(HEADER), 'empty.csv')).toEqual([]);
  });

  it('throws a PortfolioValidationError (a TenureError with code PORTFOLIO_INVALID) naming file, line, field and value', () => {
    const error = rejection(() => parsePortfolioCsv(lines(MBS_HEADER, GOOD_MBS, 'mbs,M2,-5,0.055,0.05,300,60,psa-100'), 'portfolio.csv'));
    expect(error).toBeInstanceOf(TenureError);
    expect(error.code).toBe('PORTFOLIO_INVALID');
    expect(error.issues).toEqual([{ file: 'portfolio.csv', line: 3, field: 'balance', message: 'must be > 0, got -5' }]);
    expect(error.message).toContain('portfolio.csv:3: field "balance": must be > 0, got -5');
  });

  it('reports malformed rows: a wrong column count and bad quoting', () => {
    expect(csvIssues(lines(BOND_HEADER, 'bond,B1,1000000,0.05', 'bond,B2,1000000,0.05,2020-01-15,2030-01-15,2,30/360,US-GOVT,extra', 'bond,B"3,1000000,0.05,2020-01-15,2030-01-15,2,30/360,US-GOVT', 'bond,"B4"x,1,0.05,2020-01-15,2030-01-15,2,30/360,US-GOVT'))).toEqual([
      'portfolio.csv:2: malformed row: expected 9 columns as in the header, got 4',
      'portfolio.csv:3: malformed row: expected 9 columns as in the header, got 10',
      'portfolio.csv:4: malformed row: a quote inside an unquoted field (enclose the field in quotes and double the quote)',
      'portfolio.csv:5: malformed row: text after a closing quote (write a quote inside a quoted field as "")',
    ]);
  });

  it('reports an unknown instrument kind', () => {
    expect(csvIssues(lines(BOND_HEADER, 'future,F1,,,,,,,', ',F2,,,,,,,'))).toEqual([
      'portfolio.csv:2: field "kind": must be one of bond, mbs, swap, got "future"',
      'portfolio.csv:3: field "kind": missing',
    ]);
  });

  it('reports negative (or zero) face, balance and notional', () => {
    const text = lines(HEADER.split(',').slice(0, 2).join(',') + ',face,coupon,issueDate,maturityDate,frequency,dayCount,calendar,balance,wac,netCoupon,wam,age,model,notional,fixedRate,payFixed,startDate,fixedFrequency,floatFrequency,fixedDayCount,floatDayCount',
      'bond,B1,-1000000,0.05,2020-01-15,2030-01-15,2,ACT/ACT-ISMA,US-GOVT,,,,,,,,,,,,,,',
      'mbs,M1,,,,,,,,-5,0.055,0.05,300,60,psa-100,,,,,,,,',
      'swap,S1,,,,2033-12-29,,,,,,,,,,0,0.035,true,2023-12-29,2,4,30/360,ACT/360');
    expect(csvIssues(text)).toEqual([
      'portfolio.csv:2: field "face": must be > 0, got -1000000',
      'portfolio.csv:3: field "balance": must be > 0, got -5',
      'portfolio.csv:4: field "notional": must be > 0, got 0',
    ]);
  });

  it('reports non-numeric rates, rates written as percentages, and flags that are not true/false', () => {
    expect(parsePortfolioCsv(lines(SWAP_HEADER, GOOD_SWAP), 'swaps.csv')).toHaveLength(1);
    expect(csvIssues(lines(SWAP_HEADER, 'swap,S1,10000000,3.5%,yes,2023-12-29,2033-12-29,2,4,30/360,ACT/360', 'swap,S2,10000000,3.5,false,2023-12-29,2033-12-29,2,4,30/360,ACT/360'))).toEqual([
      'portfolio.csv:2: field "fixedRate": must be a number, got "3.5%"',
      'portfolio.csv:2: field "payFixed": must be true or false, got "yes"',
      'portfolio.csv:3: field "fixedRate": must be < 1 (rates are decimals: 0.05 for 5%), got 3.5',
    ]);
  });

  it('reports impossible dates and maturities not after issue or start', () => {
    expect(csvIssues(lines(HEADER, ...[
      'bond,B1,1000000,0.05,2023-02-29,2030-01-15,2,30/360,US-GOVT,,,,,,,,,,,,,,',
      'bond,B2,1000000,0.05,2020-01-15,15/01/2030,2,30/360,US-GOVT,,,,,,,,,,,,,,',
      'bond,B3,1000000,0.05,2020-01-15,2019-01-15,2,30/360,US-GOVT,,,,,,,,,,,,,,',
      'swap,S1,,,,2023-12-29,,,,,,,,,,10000000,0.035,true,2023-12-29,2,4,30/360,ACT/360',
    ]))).toEqual([
      'portfolio.csv:2: field "issueDate": must be a calendar date YYYY-MM-DD, got "2023-02-29"',
      'portfolio.csv:3: field "maturityDate": must be a calendar date YYYY-MM-DD, got "15/01/2030"',
      'portfolio.csv:4: field "maturityDate": must be after issueDate (2020-01-15), got "2019-01-15"',
      'portfolio.csv:5: field "maturityDate": must be after startDate (2023-12-29), got "2023-12-29"',
    ]);
  });

  it('reports unknown day counts, calendars and frequencies', () => {
    expect(csvIssues(lines(BOND_HEADER, 'bond,B1,1000000,0.05,2020-01-15,2030-01-15,3,ACT/999,MOON'))).toEqual([
      'portfolio.csv:2: field "frequency": must be one of 1, 2, 4, 12 (payments a year), got 3',
      'portfolio.csv:2: field "dayCount": must be one of ACT/360, ACT/365F, 30/360, ACT/ACT-ISMA, ACT/ACT-ISDA, got "ACT/999"',
      'portfolio.csv:2: field "calendar": must be one of none, US-GOVT, TARGET, got "MOON"',
    ]);
  });

  it('reports MBS pools whose net coupon exceeds the WAC or whose terms are not whole months', () => {
    expect(csvIssues(lines(MBS_HEADER, 'mbs,M1,2500000,0.05,0.055,300,60,psa-100', 'mbs,M2,2500000,0.055,0.05,300.5,-1,psa 100'))).toEqual([
      'portfolio.csv:2: field "netCoupon": must not exceed wac (0.05), got 0.055',
      'portfolio.csv:3: field "wam": must be a whole number of months, got 300.5',
      'portfolio.csv:3: field "age": must be >= 0, got -1',
      'portfolio.csv:3: field "model": must be a model name (letters, digits, ".", "_", "-"), got "psa 100"',
    ]);
  });

  it('reports a duplicate position id with the line of its first use', () => {
    expect(csvIssues(lines(BOND_HEADER, GOOD_BOND, 'bond,B2,1000000,0.05,2020-01-15,2030-01-15,2,30/360,US-GOVT', GOOD_BOND))).toEqual([
      'portfolio.csv:4: field "id": duplicate position id (first on line 2), got "B1"',
    ]);
  });

  it('reports missing fields and values in another kind\'s columns', () => {
    expect(csvIssues(lines(HEADER, 'mbs,,,,,,,,,2500000,0.055,,300,60,psa-100,,,,,,,,', 'bond,B1,1000000,0.05,2020-01-15,2030-01-15,2,30/360,US-GOVT,5,,,,,,,,,,,,,'))).toEqual([
      'portfolio.csv:2: field "id": missing',
      'portfolio.csv:2: field "netCoupon": missing',
      'portfolio.csv:3: field "balance": not a field of a bond position (leave it empty), got "5"',
    ]);
  });

  it('reports a field whose column the header lacks as missing', () => {
    expect(csvIssues(lines(BOND_HEADER, 'mbs,M1,,,,,,,'))).toEqual(['balance', 'wac', 'netCoupon', 'wam', 'age', 'model'].map((field) => `portfolio.csv:2: field "${field}": missing`));
  });

  it('counts physical lines, so a quoted line break moves the following line numbers', () => {
    expect(csvIssues(lines(SWAP_HEADER, 'swap,"S1\nsecond line",10000000,0.035,false,2023-12-29,2033-12-29,2,4,30/360,ACT/360', 'swap,S2,-1,0.035,false,2023-12-29,2033-12-29,2,4,30/360,ACT/360'))).toEqual([
      'portfolio.csv:2: field "id": must be non-empty text on one line, without surrounding spaces, got "S1\\nsecond line"',
      'portfolio.csv:4: field "notional": must be > 0, got -1',
    ]);
  });

  it('rejects a header with unknown, repeated or missing columns before reading any row', () => {
    expect(csvIssues(lines('kind,ID,Face,face,face,colour', GOOD_BOND))).toEqual([
      'portfolio.csv:1: field "ID": unknown column (did you mean "id"?)',
      'portfolio.csv:1: field "Face": unknown column (did you mean "face"?)',
      'portfolio.csv:1: field "face": column appears twice in the header',
      `portfolio.csv:1: field "colour": unknown column (the columns are kind, id, ${ALL_FIELDS.join(', ')})`,
      'portfolio.csv:1: field "id": missing column: every portfolio CSV needs kind and id',
    ]);
    expect(csvIssues('')).toEqual([`portfolio.csv:1: no header row: expected the columns kind, id, ${ALL_FIELDS.join(', ')}`]);
    expect(csvIssues(lines('kind,"id', GOOD_BOND))).toEqual(['portfolio.csv:1: malformed header: a quoted field opened on line 1 is never closed']);
  });

  it('collects issues up to the limit and says it stopped; never returns part of a file', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `bond,X${i},-1,0.05,2020-01-15,2030-01-15,2,30/360,US-GOVT`);
    const error = rejection(() => parsePortfolioCsv(lines(BOND_HEADER, GOOD_BOND, ...rows), 'portfolio.csv'));
    expect(error.issues).toHaveLength(20);
    expect(error.truncated).toBe(true);
    expect(error.message).toContain('(20 issues; stopped after the first 20)');
    expect(error.issues.at(-1)?.line).toBe(22);

    const five = rejection(() => parsePortfolioCsv(lines(BOND_HEADER, ...rows.slice(0, 5)), 'portfolio.csv', { maxIssues: 5 }));
    expect(five.issues).toHaveLength(5);
    expect(five.truncated).toBe(false);
    expect(() => parsePortfolioCsv(lines(BOND_HEADER, ...rows.slice(0, 6)), 'portfolio.csv', { maxIssues: 5 })).toThrow(PortfolioValidationError);
  });
});
