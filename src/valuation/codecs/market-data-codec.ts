import { binaryCodec } from '../../cache/binary-codec.js';
import type { Codec } from '../../cache/codec.js';
import type { ParYield } from '../curves/ust-bootstrap.js';
import type { MarketData } from '../market/market-data.js';
import { readCurve, writeCurve } from './curve-codec.js';

/**
 * Bytes for MarketData: the effective date, the source's hash and file name, the par yields
 * and the bootstrapped curve (exactly, see curve-codec.ts), so a process that reads it from
 * the shared tier values with the very curve the loading process built. `sourceFile` is the
 * path in the process that loaded it.
 */
export const MARKET_DATA_CODEC_VERSION = '1';

export const marketDataCodec: Codec<MarketData> = binaryCodec<MarketData>({
  name: 'tenure.market-data',
  write: (market, writer) => {
    writer.i32(market.effectiveDate).string(market.sourceHash).string(market.sourceFile);
    writer.u32(market.parYields.length);
    for (const { tenorMonths, rate } of market.parYields) writer.i32(tenorMonths).f64(rate);
    writeCurve(writer, market.curve);
  },
  read: (reader) => {
    const effectiveDate = reader.i32('effectiveDate');
    const sourceHash = reader.string('sourceHash');
    const sourceFile = reader.string('sourceFile');
    const count = reader.u32('parYields count');
    if (count > reader.remaining / 12) throw reader.fail(`parYields count ${count} exceeds the bytes left`);
    const parYields: ParYield[] = [];
    for (let i = 0; i < count; i++) parYields.push({ tenorMonths: reader.i32(`parYields[${i}].tenorMonths`), rate: reader.f64(`parYields[${i}].rate`) });
    const curve = readCurve(reader);
    if (curve.referenceDate !== effectiveDate) throw reader.fail(`the curve's reference date ${curve.referenceDate} is not the effective date ${effectiveDate}`);
    // Frozen as loadMarketData freezes it: market data is shared by everything of a run.
    return Object.freeze({ effectiveDate, curve, parYields: Object.freeze(parYields), sourceHash, sourceFile });
  },
});
