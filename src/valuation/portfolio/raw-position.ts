import type { BondPosition, MbsPosition, PositionKind, SwapPosition } from './position.js';

type Raw<P> = { [K in keyof P]: unknown };

/**
 * Builds the object validation reads from one CSV row's values, given in the order of
 * KIND_FIELDS (a test holds the two together). Each kind's object is one literal with a fixed
 * shape: adding fields one by one under computed names made building 100,000 of them the
 * slowest step of reading a file.
 */
export const RAW_POSITION_BUILDERS: { readonly [K in PositionKind]: (id: unknown, values: readonly unknown[]) => Record<string, unknown> } = {
  bond: (id, v): Raw<BondPosition> => ({
    kind: 'bond',
    id,
    face: v[0],
    coupon: v[1],
    issueDate: v[2],
    maturityDate: v[3],
    frequency: v[4],
    dayCount: v[5],
    calendar: v[6],
  }),
  mbs: (id, v): Raw<MbsPosition> => ({
    kind: 'mbs',
    id,
    balance: v[0],
    wac: v[1],
    netCoupon: v[2],
    wam: v[3],
    age: v[4],
    model: v[5],
  }),
  swap: (id, v): Raw<SwapPosition> => ({
    kind: 'swap',
    id,
    notional: v[0],
    fixedRate: v[1],
    payFixed: v[2],
    startDate: v[3],
    maturityDate: v[4],
    fixedFrequency: v[5],
    floatFrequency: v[6],
    fixedDayCount: v[7],
    floatDayCount: v[8],
  }),
};
