import { binaryCodec } from '../../cache/binary-codec.js';
import type { Codec } from '../../cache/codec.js';
import { BAR_FIELDS, BarSeries } from './bar-series.js';

/**
 * Bytes for a BarSeries: the asset, the bar count, and the six columns as they lie in the
 * series' buffer (Float64, column after column), so encoding is one copy and decoding one copy
 * into a fresh (by default shared) buffer that worker threads can read.
 */
export const BAR_SERIES_CODEC_VERSION = '1';

export function createBarSeriesCodec(options: { readonly shared?: boolean } = {}): Codec<BarSeries> {
  const shared = options.shared ?? true;
  return binaryCodec<BarSeries>({
    name: 'tenure.bar-series',
    write: (series, writer) => {
      writer.string(series.asset).u32(series.length);
      writer.f64Values(new Float64Array(series.buffer, 0, series.length * BAR_FIELDS.length));
    },
    read: (reader) => {
      const asset = reader.string('asset');
      const length = reader.u32('length');
      const values = length * BAR_FIELDS.length;
      if (values * 8 !== reader.remaining) throw reader.fail(`${length} bars need ${values * 8} bytes of columns, ${reader.remaining} are left`);
      const series = BarSeries.allocate(asset, length, shared);
      reader.f64Values(values, 'columns', new Float64Array(series.buffer, 0, values));
      return series;
    },
  });
}

/** Decodes into SharedArrayBuffers, as the bar series cache holds them. */
export const barSeriesCodec: Codec<BarSeries> = createBarSeriesCodec();
