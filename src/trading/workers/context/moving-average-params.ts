/** The params both moving averages take: the same rules and messages for SMA and EMA. */
import { z } from 'zod';
import { barCount, outputLabel } from './context-params.js';
import { priceSourceSchema } from './price-source.js';

export const movingAverageParams = z.strictObject({
  period: barCount(1, 20),
  source: priceSourceSchema.default('close'),
  output: outputLabel,
});
export type MovingAverageParams = z.infer<typeof movingAverageParams>;
