import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LazyRegistry } from '../../../src/lifetime/lazy-registry.js';
import { TradingContextProvider } from '../../../src/trading/context/trading-context-provider.js';
import { createRequestComponents, type RequestComponents } from '../../../src/trading/engine/request-components.js';
import { BlueprintWorkerError } from '../../../src/trading/engine/strategy-errors.js';
import { TradingKernel } from '../../../src/trading/engine/trading-kernel.js';
import type { WorkerSpec } from '../../../src/trading/engine/workforce.js';
import { SeriesHistory } from '../../../src/trading/market/bar-history.js';
import { readBars } from '../../../src/trading/market/read-bars.js';
import { MarketRegime, type MarketRegimeReading } from '../../../src/trading/workers/context-dtos.js';
import { createWorkerCatalog } from '../../../src/trading/workers/worker-catalog.js';
import type { WorkerDefinition } from '../../../src/trading/workers/trading-worker.js';

const BTC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market/BTC-PERP-1m-2022-01.csv');
const series = readBars(BTC, { asset: 'BTC-PERP', to: Date.UTC(2022, 0, 4) });

/**
 * A threat-stage worker that only reads its strategy's MarketRegime and writes down what it
 * saw on every tick: the witness of what a strategy's workers can see.
 */
function probeCatalog(seen: Map<string, string[]>): LazyRegistry<WorkerDefinition> {
  const catalog = createWorkerCatalog();
  const probe: WorkerDefinition<{ journal: string }> = {
    type: 'regime_probe',
    kind: 'threat',
    description: 'records the MarketRegime its strategy sees',
    params: z.strictObject({ journal: z.string() }),
    create(name, params, services) {
      const slot = services.context.declareInput(name, MarketRegime);
      const journal: string[] = [];
      seen.set(params.journal, journal);
      return {
        name,
        kind: 'threat',
        onBar() {
          const reading = services.context.get<MarketRegimeReading>(slot);
          journal.push(reading === undefined ? '-' : `${reading.regime}:${reading.confidence.toFixed(9)}`);
        },
      };
    },
  };
  catalog.register('regime_probe', () => probe);
  return catalog;
}

function strategy(journal: string, regime: Record<string, unknown>): WorkerSpec[] {
  return [
    { name: 'regime', type: 'regime', params: regime },
    { name: 'probe', type: 'regime_probe', params: { journal } },
  ];
}

async function components(catalog: LazyRegistry<WorkerDefinition>, workers: WorkerSpec[]): Promise<{ c: RequestComponents; history: SeriesHistory }> {
  const history = new SeriesHistory(series);
  const c = await createRequestComponents({
    blueprint: 'test',
    workers,
    asset: series.asset,
    settings: { cash: 1000, commission: 0, slippage: 0 },
    history,
    catalog,
  });
  return { c, history };
}

describe('strategies on the same asset', () => {
  it('each see only their own MarketRegime, tick by tick, exactly as when run alone', async () => {
    const seen = new Map<string, string[]>();
    const catalog = probeCatalog(seen);
    const a = await components(catalog, strategy('A together', { fast: 5, slow: 20 }));
    const b = await components(catalog, strategy('B together', { fast: 30, slow: 120, volatilityThreshold: 1.5 }));
    const kernels = [new TradingKernel(a.c), new TradingKernel(b.c)];
    const histories = [a.history, b.history];
    // The same tick goes to both strategies before the next tick, as an operation delivers it.
    for (let i = 0; i < series.length; i++) {
      for (let k = 0; k < 2; k++) {
        histories[k]!.index = i;
        kernels[k]!.onBar(series.time[i]!, series.open[i]!, series.high[i]!, series.low[i]!, series.close[i]!);
      }
    }
    for (const [journal, regime] of [['A alone', { fast: 5, slow: 20 }], ['B alone', { fast: 30, slow: 120, volatilityThreshold: 1.5 }]] as const) {
      const solo = await components(catalog, strategy(journal, regime));
      const kernel = new TradingKernel(solo.c);
      for (let i = 0; i < series.length; i++) {
        solo.history.index = i;
        kernel.onBar(series.time[i]!, series.open[i]!, series.high[i]!, series.low[i]!, series.close[i]!);
      }
    }
    const together = [seen.get('A together')!, seen.get('B together')!];
    expect(together[0]).toEqual(seen.get('A alone'));
    expect(together[1]).toEqual(seen.get('B alone'));
    // The two views differ on many ticks, so a shared cache could not have gone unnoticed.
    const differing = together[0]!.filter((reading, i) => reading !== together[1]![i]).length;
    expect(differing).toBeGreaterThan(series.length / 10);
  });

  it('have separate providers: a DTO set in one is not visible in the other', () => {
    const providers = [new TradingContextProvider(), new TradingContextProvider()];
    const slots = providers.map((p) => {
      const slot = p.declareOutput('regime', MarketRegime);
      p.declareInput('reader', MarketRegime);
      p.seal();
      p.startTick('BTC-PERP', 0, 100);
      return slot;
    });
    providers[0]!.set(slots[0]!, { regime: 'volatile', confidence: 1 });
    expect(providers[0]!.get(slots[0]!)).toEqual({ regime: 'volatile', confidence: 1 });
    expect(providers[1]!.get(slots[1]!)).toBeUndefined();
    expect(providers[1]!.has(slots[1]!)).toBe(false);
  });
});

describe('wiring a strategy', () => {
  it('refuses a worker that needs a DTO no worker of its strategy produces, naming both', async () => {
    const catalog = probeCatalog(new Map());
    const failure = components(catalog, [{ name: 'probe', type: 'regime_probe', params: { journal: 'x' } }]);
    await expect(failure).rejects.toBeInstanceOf(BlueprintWorkerError);
    await expect(failure).rejects.toThrow(/worker "probe" requires the DTO MarketRegime, but no worker of its strategy produces it/);
  });

  it('refuses an unknown worker type and bad params, naming the blueprint and the worker', async () => {
    const catalog = createWorkerCatalog();
    await expect(components(catalog, [{ name: 'x', type: 'no_such_worker' }])).rejects.toThrow(
      /blueprint "test", worker "x": unknown worker type "no_such_worker"; known types: .*sma/,
    );
    await expect(components(catalog, [{ name: 'fast', type: 'sma', params: { period: 0 } }])).rejects.toThrow(
      /blueprint "test", worker "fast": bad params for "sma": params\.period/,
    );
    await expect(components(catalog, [{ name: 'fast', type: 'sma', params: { perod: 3 } }])).rejects.toThrow(/worker "fast": bad params for "sma"/);
  });

  it('runs producers before consumers whatever the blueprint order', async () => {
    const seen = new Map<string, string[]>();
    const catalog = probeCatalog(seen);
    const { c, history } = await components(catalog, [...strategy('reversed', {})].reverse());
    expect(c.strategy.workerNames).toEqual(['regime', 'probe']);
    const kernel = new TradingKernel(c);
    for (let i = 0; i < 200; i++) {
      history.index = i;
      kernel.onBar(series.time[i]!, series.open[i]!, series.high[i]!, series.low[i]!, series.close[i]!);
    }
    expect(seen.get('reversed')!.filter((r) => r !== '-').length).toBeGreaterThan(0);
  });

  it('moves the one clock of the request to the time of each bar, and refuses time going back', async () => {
    const { c, history } = await components(createWorkerCatalog(), [{ name: 'regime', type: 'regime' }]);
    const kernel = new TradingKernel(c);
    for (let i = 0; i < 3; i++) {
      history.index = i;
      kernel.onBar(series.time[i]!, series.open[i]!, series.high[i]!, series.low[i]!, series.close[i]!);
      expect(c.clock.now()).toBe(series.time[i]);
    }
    expect(() => kernel.onBar(series.time[0]!, 1, 1, 1, 1)).toThrow(RangeError);
  });
});
