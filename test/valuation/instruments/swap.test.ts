import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { FlatCurve } from '../../../src/valuation/curves/flat-curve.js';
import { keyRateShift } from '../../../src/valuation/curves/key-rate-shift.js';
import { parallelShift } from '../../../src/valuation/curves/parallel-shift.js';
import { adjust } from '../../../src/valuation/dates/calendar.js';
import { yearFraction } from '../../../src/valuation/dates/day-count.js';
import { parseDay, type Day } from '../../../src/valuation/dates/day.js';
import { makeSchedule } from '../../../src/valuation/dates/schedule.js';
import { SwapInputError } from '../../../src/valuation/instruments/swap-error.js';
import { buildSwap } from '../../../src/valuation/instruments/swap.js';
import { loadMarketData } from '../../../src/valuation/market/market-data.js';
import type { DayCountName, Frequency, SwapPosition } from '../../../src/valuation/portfolio/position.js';

const FILE = new URL('../../../../shared/data/market/ust-par-yields-2023.csv', import.meta.url).pathname;
const market = loadMarketData(FILE, '2023-12-29');
const curve = market.curve;
const day = (text: string): Day => parseDay(text)!;

const tenYearPayer: SwapPosition = {
  kind: 'swap',
  id: 'IRS-10Y',
  notional: 10_000_000,
  fixedRate: 0.04,
  payFixed: true,
  startDate: day('2024-01-03'),
  maturityDate: day('2034-01-03'),
  fixedFrequency: 2,
  floatFrequency: 4,
  fixedDayCount: '30/360',
  floatDayCount: 'ACT/360',
};

/** A leg's periods worked out here from the date functions: US government calendar, modified following, EOM rule. */
function legPeriods(position: SwapPosition, frequency: Frequency, dayCount: DayCountName) {
  const { adjusted } = makeSchedule({
    effective: position.startDate,
    termination: position.maturityDate,
    frequency,
    calendar: 'US-GOVT',
    convention: 'modified-following',
    endOfMonth: true,
  });
  return adjusted.slice(1).map((end, i) => {
    const start = adjusted[i]!;
    return { start, end, accrual: yearFraction(dayCount, start, end, start, end, frequency) };
  });
}

function annuityOf(position: SwapPosition, on: DiscountCurve): number {
  return legPeriods(position, position.fixedFrequency, position.fixedDayCount)
    .filter(({ end }) => end > on.referenceDate)
    .reduce((sum, { end, accrual }) => sum + position.notional * accrual * on.discount(end), 0);
}

describe('InterestRateSwap', () => {
  const swap = buildSwap(tenYearPayer);

  it('has the periods of its schedules', () => {
    expect(swap.fixedPeriodCount).toBe(20);
    expect(swap.floatPeriodCount).toBe(40);
    const floatPeriods = legPeriods(tenYearPayer, 4, 'ACT/360');
    expect(Array.from(swap.floatPaymentDays())).toEqual(floatPeriods.map((p) => p.end));
    expect(Array.from(swap.fixedPaymentDays())).toEqual(legPeriods(tenYearPayer, 2, '30/360').map((p) => p.end));
  });

  it.each<[string, Partial<SwapPosition>]>([
    ['10y payer, 30/360 semiannual vs ACT/360 quarterly', {}],
    ['5y receiver, ACT/365F annual vs ACT/360 quarterly', { payFixed: false, maturityDate: day('2029-01-03'), fixedFrequency: 1, fixedDayCount: 'ACT/365F' }],
    ['30y payer, ACT/ACT-ISMA semiannual vs ACT/360 monthly', { maturityDate: day('2054-01-05'), fixedDayCount: 'ACT/ACT-ISMA', floatFrequency: 12 }],
    ['odd dates with a front stub, month-end start', { startDate: day('2024-01-31'), maturityDate: day('2031-05-15') }],
  ])('is worth nothing when struck at its own fair rate: %s', (_name, overrides) => {
    for (const on of [curve, new FlatCurve(curve.referenceDate, 0.045, { compounding: 'semiannual' })]) {
      const position = { ...tenYearPayer, ...overrides };
      const fair = buildSwap(position).fairRate(on);
      expect(fair).toBeGreaterThan(0.02);
      expect(fair).toBeLessThan(0.07);
      const atTheMoney = buildSwap({ ...position, fixedRate: fair });
      expect(Math.abs(atTheMoney.npv(on))).toBeLessThan(1e-8 * position.notional);
      expect(atTheMoney.fixedLegPv(on)).toBeCloseTo(atTheMoney.floatLegPv(on), 6);
    }
  });

  it('values a forward-starting floating leg at notional × (DF(start) − DF(end)) on a single curve', () => {
    const position = { ...tenYearPayer, startDate: day('2024-03-15'), maturityDate: day('2029-03-15') };
    const start = adjust(position.startDate, 'US-GOVT', 'modified-following');
    const end = adjust(position.maturityDate, 'US-GOVT', 'modified-following');
    const floatPv = buildSwap(position).floatLegPv(curve);
    expect(Math.abs(floatPv - position.notional * (curve.discount(start) - curve.discount(end)))).toBeLessThan(1e-8 * position.notional);
  });

  it('sums the fixed leg over its accruals: annuity, PV01, fixed leg PV and NPV agree', () => {
    const annuity = annuityOf(tenYearPayer, curve);
    expect(swap.annuity(curve)).toBeCloseTo(annuity, 6);
    expect(swap.fixedLegPv01(curve)).toBeCloseTo(annuity * 1e-4, 8);
    expect(swap.fixedLegPv(curve)).toBeCloseTo(0.04 * annuity, 6);
    expect(swap.npv(curve)).toBeCloseTo(swap.floatLegPv(curve) - swap.fixedLegPv(curve), 6);
    expect(swap.fairRate(curve)).toBeCloseTo(swap.floatLegPv(curve) / annuity, 14);
    const receiver = buildSwap({ ...tenYearPayer, payFixed: false });
    expect(receiver.npv(curve)).toBeCloseTo(-swap.npv(curve), 6);
  });

  it('has a DV01 of the right sign and about the size of its fixed-leg PV01', () => {
    const sensitivity = (position: SwapPosition): number => {
      const built = buildSwap(position);
      return (built.npv(parallelShift(curve, 1)) - built.npv(parallelShift(curve, -1))) / 2;
    };
    const par = { ...tenYearPayer, fixedRate: swap.fairRate(curve) };
    const payer = sensitivity(par);
    const receiver = sensitivity({ ...par, payFixed: false });
    // Paying fixed gains when rates rise; a par swap moves like a par bond, about its annuity per unit of rate.
    expect(payer).toBeGreaterThan(0);
    expect(receiver).toBeCloseTo(-payer, 6);
    const pv01 = buildSwap(par).fixedLegPv01(curve);
    expect(payer / pv01).toBeGreaterThan(0.9);
    expect(payer / pv01).toBeLessThan(1.1);
  });

  it('has key-rate DV01s that add up to its parallel DV01', () => {
    const keys = [0.25, 0.5, 1, 2, 3, 5, 7, 10, 20, 30];
    const central = (shift: (bp: number) => DiscountCurve): number => (swap.npv(shift(1)) - swap.npv(shift(-1))) / 2;
    const parallel = central((bp) => parallelShift(curve, bp));
    const keyRates = keys.map((_, index) => central((bp) => keyRateShift(curve, keys, index, bp)));
    const sum = keyRates.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - parallel)).toBeLessThan(1e-6 * Math.abs(parallel));
    expect(keyRates[7]).toBeGreaterThan(keyRates[2]!);
  });

  it('revalues on one curve after another without carrying anything over', () => {
    const first = swap.npv(curve);
    const shocked = swap.npv(parallelShift(curve, 100));
    expect(shocked).toBeGreaterThan(first);
    expect(swap.npv(curve)).toBe(first);
    expect(buildSwap(tenYearPayer).npv(parallelShift(curve, 100))).toBe(shocked);
  });

  describe('seasoned', () => {
    const seasoned: SwapPosition = { ...tenYearPayer, id: 'IRS-SEASONED', startDate: day('2022-07-15'), maturityDate: day('2027-07-15') };
    const reference = curve.referenceDate;
    const floatPeriods = legPeriods(seasoned, 4, 'ACT/360');
    const current = floatPeriods.find(({ start, end }) => start < reference && end > reference)!;
    const later = floatPeriods.filter(({ start }) => start >= reference);

    it('leaves out past cash flows and uses the fixing of the period under way', () => {
      const fixing = 0.0537;
      const built = buildSwap(seasoned, { floatFixings: new Map([[current.start, fixing]]) });
      const floatPv = seasoned.notional * (fixing * current.accrual * curve.discount(current.end)
        + later.reduce((sum, { start, end }) => sum + curve.discount(start) - curve.discount(end), 0));
      expect(built.floatLegPv(curve)).toBeCloseTo(floatPv, 6);
      expect(built.fixedLegPv(curve)).toBeCloseTo(0.04 * annuityOf(seasoned, curve), 6);
      expect(built.npv(curve)).toBeCloseTo(floatPv - 0.04 * annuityOf(seasoned, curve), 6);
    });

    it('without a fixing, takes the curve rate over the rest of the period under way', () => {
      const remaining = (current.accrual * (current.end - reference)) / (current.end - current.start);
      const estimate = (1 / curve.discount(current.end) - 1) / remaining;
      const withEstimate = buildSwap(seasoned, { floatFixings: new Map([[current.start, estimate]]) });
      expect(buildSwap(seasoned).floatLegPv(curve)).toBeCloseTo(withEstimate.floatLegPv(curve), 6);
    });

    it('is worth nothing once every cash flow is paid', () => {
      const matured = buildSwap({ ...seasoned, maturityDate: day('2023-07-14') });
      expect(matured.npv(curve)).toBe(0);
      expect(matured.annuity(curve)).toBe(0);
      expect(matured.fairRate(curve)).toBeNaN();
    });
  });

  it('projects each floating period’s forward from the curve', () => {
    const periods = legPeriods(tenYearPayer, 4, 'ACT/360');
    const forwards = swap.floatForwardRates(curve);
    periods.forEach(({ start, end, accrual }, i) => expect(forwards[i]).toBeCloseTo(curve.forwardRate(start, end, accrual), 14));
  });

  it('names the position, field and value of a bad input', () => {
    const build = (overrides: Record<string, unknown>) => () => buildSwap({ ...tenYearPayer, ...overrides });
    expect(build({ notional: -5 })).toThrow(SwapInputError);
    expect(build({ notional: -5 })).toThrow('swap IRS-10Y: notional must be a positive finite amount; got -5');
    expect(build({ fixedRate: '4%' })).toThrow('swap IRS-10Y: fixedRate must be a finite decimal rate; got "4%"');
    expect(build({ payFixed: 'yes' })).toThrow('swap IRS-10Y: payFixed must be true or false; got "yes"');
    expect(build({ startDate: 19_725.5 })).toThrow('swap IRS-10Y: startDate must be a Day (whole days since 1970-01-01); got 19725.5');
    expect(build({ maturityDate: day('2024-01-03') })).toThrow('swap IRS-10Y: maturityDate must be after startDate 19725 (2024-01-03); got 19725 (2024-01-03)');
    expect(build({ fixedFrequency: 3 })).toThrow('swap IRS-10Y: fixedFrequency must be one of 1, 2, 4, 12 (payments per year); got 3');
    expect(build({ floatDayCount: 'ACT/364' })).toThrow(/swap IRS-10Y: floatDayCount must be one of ACT\/360, .*; got "ACT\/364"/);
    expect(build({ kind: 'bond' })).toThrow('swap IRS-10Y: kind must be "swap"; got "bond"');
    expect(build({ id: '' })).toThrow('swap "": id must be a non-empty string; got ""');
    expect(() => buildSwap(tenYearPayer, { floatFixings: new Map([[day('2024-02-01'), 0.05]]) }))
      .toThrow('swap IRS-10Y: floatFixings key 19754 (2024-02-01) must be the accrual start of a floating period; got no period starting then');
    expect(() => buildSwap(tenYearPayer, { floatFixings: new Map([[day('2024-01-03'), Number.NaN]]) }))
      .toThrow('swap IRS-10Y: floatFixings[19725 (2024-01-03)] must be a finite rate; got NaN');
  });
});
