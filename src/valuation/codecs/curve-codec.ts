import { binaryCodec } from '../../cache/binary-codec.js';
import type { ByteReader } from '../../cache/byte-reader.js';
import type { ByteWriter } from '../../cache/byte-writer.js';
import type { Codec } from '../../cache/codec.js';
import { CodecError } from '../../cache/codec-error.js';
import { PiecewiseLogLinearCurve } from '../curves/piecewise-log-linear-curve.js';

/**
 * Bytes for a PiecewiseLogLinearCurve (the bootstrapped Treasury curve): reference date, pillar
 * days and pillar discount factors, from which the constructor rebuilds the curve.
 *
 * Exactness is the hard part. The curve keeps log(DF) per pillar and exposes exp(log(DF)),
 * which is not always the DF it was built from, and log(exp(x)) is not always x: rebuilding
 * from the exposed factors changes about one discount factor in four hundred in the last bit.
 * So the encoder looks, pillar by pillar, among the few doubles next to the exposed factor
 * for the one that rebuilds the pillar's log(DF) exactly, proven by the rebuilt curve agreeing
 * bit for bit with the original (discount and zero rate) on every day its value depends on.
 * A curve that exposed its log discount factors would make this a plain copy.
 */
export const CURVE_CODEC_VERSION = '1';

/** Days before the reference date and beyond the last pillar that the match is checked on. */
const DAYS_BEFORE = 31;
const DAYS_BEYOND = 3_653;
/** How many doubles either side of the exposed factor are tried. */
const MAX_ULPS = 16;

export function writeCurve(writer: ByteWriter, curve: PiecewiseLogLinearCurve): void {
  writer.i32(curve.referenceDate).i32Array(curve.pillarDays()).f64Array(exactPillarFactors(curve));
}

export function readCurve(reader: ByteReader): PiecewiseLogLinearCurve {
  const referenceDate = reader.i32('referenceDate');
  const pillarDays = reader.i32Array('pillarDays');
  const factors = reader.f64Array('discountFactors');
  if (factors.length !== pillarDays.length) throw reader.fail(`${factors.length} discount factors for ${pillarDays.length} pillars`);
  // The constructor checks order and positivity; its CurveInputError becomes the decode error.
  return new PiecewiseLogLinearCurve(referenceDate, pillarDays, factors);
}

export const curveCodec: Codec<PiecewiseLogLinearCurve> = binaryCodec({
  name: 'tenure.piecewise-log-linear-curve',
  write: (curve, writer) => {
    writeCurve(writer, curve);
  },
  read: readCurve,
});

/** Discount factors that rebuild `curve` exactly (see the file comment). */
function exactPillarFactors(curve: PiecewiseLogLinearCurve): Float64Array {
  const referenceDate = curve.referenceDate;
  const days = curve.pillarDays();
  const exposed = curve.pillarDiscountFactors();
  const chosen = exposed.slice();
  const last = days.length - 1;
  for (let pillar = 0; pillar <= last; pillar++) {
    // The days whose value depends on this pillar's log(DF) and on earlier ones only: its
    // segment (from the previous pillar, or from before the reference date) up to the pillar
    // itself, and for the last pillar the extrapolation beyond it.
    const from = pillar === 0 ? referenceDate - DAYS_BEFORE : days[pillar - 1]! + 1;
    const to = pillar === last ? days[pillar]! + DAYS_BEYOND : days[pillar]!;
    let found = false;
    for (let step = 0; step <= 2 * MAX_ULPS && !found; step++) {
      // 0, +1, −1, +2, −2, … doubles away from the exposed factor.
      const ulps = step % 2 === 1 ? (step + 1) / 2 : -step / 2;
      const candidate = ulpsAway(exposed[pillar]!, ulps);
      if (!(candidate > 0)) continue;
      chosen[pillar] = candidate;
      found = agrees(new PiecewiseLogLinearCurve(referenceDate, days, chosen), curve, from, to);
    }
    if (!found) {
      throw new CodecError('tenure.piecewise-log-linear-curve', 'encode', `no discount factor within ${MAX_ULPS} ulps rebuilds pillar ${pillar} (day ${days[pillar]}) exactly`);
    }
  }
  return chosen;
}

function agrees(rebuilt: PiecewiseLogLinearCurve, original: PiecewiseLogLinearCurve, from: number, to: number): boolean {
  for (let day = from; day <= to; day++) {
    if (!Object.is(rebuilt.discount(day), original.discount(day))) return false;
    if (!Object.is(rebuilt.zeroRate(day), original.zeroRate(day))) return false;
  }
  return true;
}

const bits = new BigInt64Array(1);
const asDouble = new Float64Array(bits.buffer);

/** The double `ulps` representable steps from a positive finite `value`. */
function ulpsAway(value: number, ulps: number): number {
  asDouble[0] = value;
  bits[0] = bits[0]! + BigInt(ulps);
  return asDouble[0];
}
