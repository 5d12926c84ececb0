import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/valuation/dates/day.js';
import { parsePortfolioJson } from '../../../src/valuation/portfolio/parse-portfolio-json.js';
import { formatPortfolioJson } from '../../../src/valuation/portfolio/write-portfolio.js';
import { BOND, MBS, SWAP, issueLines, rejection } from './helpers.js';

const jsonIssues = (text: string, maxIssues?: number): string[] => issueLines(rejection(() => parsePortfolioJson(text, 'portfolio.json', { maxIssues })));

describe('parsePortfolioJson', () => {
  it('reads { "positions": [...] } with mixed kinds, dates as Days', () => {
    expect(parsePortfolioJson(formatPortfolioJson([BOND, MBS, SWAP]), 'portfolio.json')).toEqual([BOND, MBS, SWAP]);
    const text = '{"positions":[{"kind":"mbs","id":"P1","balance":1e6,"wac":0.06,"netCoupon":0.055,"wam":360,"age":0,"model":"refi-fast"},'
      + '{"calendar":"TARGET","dayCount":"ACT/ACT-ISDA","frequency":1,"maturityDate":"2030-06-30","issueDate":"2020-06-30","coupon":0,"face":5e5,"id":"Z","kind":"bond"}]}';
    expect(parsePortfolioJson(text, 'p.json')).toEqual([
      { kind: 'mbs', id: 'P1', balance: 1_000_000, wac: 0.06, netCoupon: 0.055, wam: 360, age: 0, model: 'refi-fast' },
      { kind: 'bond', id: 'Z', face: 500_000, coupon: 0, issueDate: dayOf(2020, 6, 30), maturityDate: dayOf(2030, 6, 30), frequency: 1, dayCount: 'ACT/ACT-ISDA', calendar: 'TARGET' },
    ]);
  });

  it('names the position index, the field and the line of the field', () => {
    const text = [
      '{',
      '  "positions": [',
      '    { "kind": "bond", "id": "B1", "face": 1000000, "coupon": 0.05, "issueDate": "2020-01-15", "maturityDate": "2030-01-15", "frequency": 2, "dayCount": "ACT/ACT-ISMA", "calendar": "US-GOVT" },',
      '    {',
      '      "kind": "swap", "id": "S1",',
      '      "notional": -5, "fixedRate": "0.03", "payFixed": "yes",',
      '      "startDate": "2023-12-29", "maturityDate": "2023-02-30",',
      '      "fixedFrequency": 2, "floatFrequency": 4, "fixedDayCount": "30/360", "floatDayCount": "ACT/365",',
      '      "colour": "blue"',
      '    },',
      '    { "kind": "option", "id": "O1" },',
      '    { "kind": "mbs", "id": "B1", "balance": 100, "wac": 0.05, "netCoupon": 0.045, "wam": 100, "age": 1, "model": "psa-100" },',
      '    7',
      '  ]',
      '}',
    ].join('\n');
    expect(jsonIssues(text)).toEqual([
      'portfolio.json:9: positions[1] field "colour": not a field of a swap position, got "blue"',
      'portfolio.json:6: positions[1] field "notional": must be > 0, got -5',
      'portfolio.json:6: positions[1] field "fixedRate": must be a number, got "0.03"',
      'portfolio.json:6: positions[1] field "payFixed": must be true or false, got "yes"',
      'portfolio.json:7: positions[1] field "maturityDate": must be a calendar date YYYY-MM-DD, got "2023-02-30"',
      'portfolio.json:8: positions[1] field "floatDayCount": must be one of ACT/360, ACT/365F, 30/360, ACT/ACT-ISMA, ACT/ACT-ISDA, got "ACT/365"',
      'portfolio.json:11: positions[2] field "kind": must be one of bond, mbs, swap, got "option"',
      'portfolio.json:12: positions[3] field "id": duplicate position id (first at positions[0]), got "B1"',
      'portfolio.json:13: positions[4] must be an object with a kind, got 7',
    ]);
  });

  it('reports maturity before issue and missing fields at the position\'s line', () => {
    const text = '{ "positions": [\n{ "kind": "bond", "id": "B1", "face": 1, "coupon": 0.05, "issueDate": "2020-01-15", "maturityDate": "2010-01-15", "frequency": 2, "dayCount": "30/360", "calendar": "none" },\n{ "kind": "mbs", "id": "M1" }\n] }';
    expect(jsonIssues(text)).toEqual([
      'portfolio.json:2: positions[0] field "maturityDate": must be after issueDate (2020-01-15), got "2010-01-15"',
      ...['balance', 'wac', 'netCoupon', 'wam', 'age', 'model'].map((field) => `portfolio.json:3: positions[1] field "${field}": missing`),
    ]);
  });

  it('reports a file that is not JSON at the line and column where it stops being JSON', () => {
    expect(jsonIssues('{ "positions": [\n  { "kind": "bond", },\n] }')).toEqual([expect.stringMatching(/^portfolio\.json:2: not valid JSON at column 21: /u)]);
    expect(jsonIssues('{ "positions": [\n')).toEqual([expect.stringMatching(/^portfolio\.json:2: not valid JSON at column 1: /u)]);
  });

  it('reports a file of the wrong shape', () => {
    expect(jsonIssues('[]')).toEqual(['portfolio.json:1: a portfolio JSON file is an object { "positions": [ ... ] }, got an array']);
    expect(jsonIssues('{\n  "positions": {}\n}')).toEqual(['portfolio.json:2: field "positions": must be an array of positions, got {}']);
    expect(jsonIssues('{ "portfolio": [] }')).toEqual([
      'portfolio.json:1: field "portfolio": unknown top-level key (a portfolio JSON file is an object { "positions": [ ... ] })',
      'portfolio.json:1: field "positions": missing (a portfolio JSON file is an object { "positions": [ ... ] })',
    ]);
  });

  it('stops at the issue limit and says so', () => {
    const positions = Array.from({ length: 25 }, (_, i) => `{ "kind": "mbs", "id": "M${i}", "balance": -1, "wac": 0.05, "netCoupon": 0.045, "wam": 100, "age": 1, "model": "psa-100" }`);
    const error = rejection(() => parsePortfolioJson(`{ "positions": [\n${positions.join(',\n')}\n] }`, 'portfolio.json', { maxIssues: 10 }));
    expect(error.issues).toHaveLength(10);
    expect(error.truncated).toBe(true);
    expect(error.issues.map((issue) => issue.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(error.issues.map((issue) => issue.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
