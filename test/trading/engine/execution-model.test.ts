import { describe, expect, it } from 'vitest';
import { EventLogger } from '../../../src/trading/engine/event-logger.js';
import { CurrentBar } from '../../../src/trading/engine/current-bar.js';
import { ExecutionManager } from '../../../src/trading/engine/execution-manager.js';
import { PositionMonitor } from '../../../src/trading/engine/position-monitor.js';
import { Reconciliation } from '../../../src/trading/engine/reconciliation.js';
import { RiskMonitor } from '../../../src/trading/engine/risk-monitor.js';
import { TradeTracker } from '../../../src/trading/engine/trade-tracker.js';

/** The request's order book and books, wired as createRequestComponents wires them. */
function books(options: { cash?: number; commission?: number; slippage?: number; maxLeverage?: number; allowShort?: boolean } = {}) {
  const log = new EventLogger();
  const positions = new PositionMonitor(options.cash ?? 10_000);
  const risk = new RiskMonitor({ maxLeverage: options.maxLeverage ?? 10, allowShort: options.allowShort ?? true }, positions, log);
  const trades = new TradeTracker('X');
  const reconciliation = new Reconciliation(positions);
  const bar = new CurrentBar();
  const execution = new ExecutionManager({ commission: options.commission ?? 0, slippage: options.slippage ?? 0 }, 'X', {
    positions,
    risk,
    trades,
    reconciliation,
    log,
    bar,
  });
  return { log, positions, risk, trades, reconciliation, execution, bar };
}

type Books = ReturnType<typeof books>;

/** The kernel's part: the bar being processed (orders submitted now fill on a later bar). */
function setBar(b: Books, index: number, time: number, close: number): void {
  Object.assign(b.bar, { index, time, close });
}

/** A new bar opens: what can fill, fills. */
function openBar(b: Books, index: number, time: number, open: number, high: number, low: number): void {
  Object.assign(b.bar, { index, time, open, high, low, close: open });
  b.execution.fillOnBarOpen();
}

describe('the fill model', () => {
  it('fills a market order at the next bar open, with slippage against the trader and commission on notional', () => {
    const b = books({ commission: 0.001, slippage: 0.0005 });
    setBar(b, 0, 1000, 100);
    b.execution.submit({ side: 'buy', quantity: 10, type: 'market', reason: 'test' });
    expect(b.positions.position).toBe(0); // nothing fills on the bar that produced the order
    openBar(b, 1, 2000, 101, 103, 99);
    const price = 101 * 1.0005;
    expect(b.positions.position).toBe(10);
    expect(b.positions.averagePrice).toBeCloseTo(price, 12);
    expect(b.positions.cash).toBeCloseTo(10_000 - 10 * price - 10 * price * 0.001, 9);
    expect(b.positions.commissionPaid).toBeCloseTo(10 * price * 0.001, 12);

    setBar(b, 1, 2000, 102);
    b.execution.submit({ side: 'sell', quantity: 10, type: 'market', reason: 'exit' });
    openBar(b, 2, 3000, 104, 105, 103);
    const exit = 104 * (1 - 0.0005);
    expect(b.positions.position).toBe(0);
    expect(Number.isNaN(b.positions.averagePrice)).toBe(true);
    const trade = b.trades.trades[0]!;
    expect(trade).toMatchObject({ direction: 'long', entryTime: 2000, exitTime: 3000, quantity: 10, bars: 1, openAtEnd: false, entryReason: 'test', exitReason: 'exit' });
    expect(trade.entryPrice).toBeCloseTo(price, 12);
    expect(trade.exitPrice).toBeCloseTo(exit, 12);
    const commission = 10 * price * 0.001 + 10 * exit * 0.001;
    expect(trade.commission).toBeCloseTo(commission, 12);
    expect(trade.pnl).toBeCloseTo(10 * (exit - price) - commission, 9);
    // The trade's pnl is exactly what the cash moved by.
    expect(b.positions.cash - 10_000).toBeCloseTo(trade.pnl, 9);
    expect(b.reconciliation.check().ok).toBe(true);
  });

  it('fills a limit buy only when the bar trades down to it, at the limit or the better open', () => {
    const b = books({ slippage: 0.01 });
    setBar(b, 0, 0, 100);
    b.execution.submit({ side: 'buy', quantity: 1, type: 'limit', limitPrice: 95, reason: 'dip' });
    openBar(b, 1, 1, 99, 101, 96); // low 96 > 95: waits
    expect(b.positions.position).toBe(0);
    expect(b.execution.pendingCount).toBe(1);
    openBar(b, 2, 2, 97, 98, 94); // trades through 95: fills at the limit, no slippage
    expect(b.positions.position).toBe(1);
    expect(b.positions.averagePrice).toBe(95);
    b.execution.submit({ side: 'buy', quantity: 1, type: 'limit', limitPrice: 95, reason: 'gap' });
    openBar(b, 3, 3, 90, 92, 89); // opens below the limit: fills at the open
    expect(b.positions.averagePrice).toBe((95 + 90) / 2);
    b.execution.submit({ side: 'sell', quantity: 2, type: 'limit', limitPrice: 100, reason: 'target' });
    b.execution.cancelPending();
    openBar(b, 4, 4, 101, 105, 100);
    expect(b.positions.position).toBe(2);
    expect(b.log.counts().cancel).toBe(1);
  });

  it('splits a flip into a closed trade and a new one in the other direction', () => {
    const b = books();
    b.execution.submit({ side: 'buy', quantity: 2, type: 'market', reason: 'long' });
    openBar(b, 1, 10, 50, 50, 50);
    b.execution.submit({ side: 'sell', quantity: 5, type: 'market', reason: 'flip' });
    openBar(b, 2, 20, 60, 60, 60);
    expect(b.positions.position).toBe(-3);
    expect(b.positions.averagePrice).toBe(60);
    expect(b.positions.realised).toBe(20);
    expect(b.trades.trades).toHaveLength(1);
    expect(b.trades.trades[0]!.pnl).toBe(20);
    b.trades.markOpenAtEnd(30, 3, 55);
    const short = b.trades.trades[1]!;
    expect(short).toMatchObject({ direction: 'short', quantity: 3, entryPrice: 60, exitPrice: 55, openAtEnd: true, pnl: 15 });
    expect(b.reconciliation.check().ok).toBe(true);
  });

  it('cuts orders to the leverage limit and refuses shorts where they are not allowed', () => {
    const b = books({ cash: 1000, maxLeverage: 1, allowShort: false });
    b.execution.submit({ side: 'buy', quantity: 20, type: 'market', reason: 'too big' });
    openBar(b, 1, 1, 100, 100, 100);
    expect(b.positions.position).toBeCloseTo(10, 12); // 1000 of equity buys 10 at 100
    expect(b.risk.clipped).toBe(1);
    b.execution.submit({ side: 'sell', quantity: 15, type: 'market', reason: 'flip' });
    openBar(b, 2, 2, 100, 100, 100);
    expect(b.positions.position).toBe(0); // the short part is refused; the exit is not
    b.execution.submit({ side: 'sell', quantity: 1, type: 'market', reason: 'short' });
    openBar(b, 3, 3, 100, 100, 100);
    expect(b.positions.position).toBe(0);
    expect(b.risk.rejected).toBe(1);
    expect(b.log.counts().reject).toBe(1);
  });

  it('refuses orders with no valid quantity or limit, and logs them', () => {
    const b = books();
    b.execution.submit({ side: 'buy', quantity: Number.NaN, type: 'market', reason: 'bad' });
    b.execution.submit({ side: 'buy', quantity: 1, type: 'limit', reason: 'no limit' });
    expect(b.execution.pendingCount).toBe(0);
    expect(b.log.counts().reject).toBe(2);
    expect(b.log.events().map((e) => e.message).join('\n')).toMatch(/not a positive number[\s\S]*no valid limit price/);
  });

  it('detects a fill the position monitor did not see', () => {
    const b = books();
    b.execution.submit({ side: 'buy', quantity: 1, type: 'market', reason: 'x' });
    openBar(b, 1, 1, 10, 10, 10);
    b.positions.position += 1; // a bug: a position change that no fill explains
    const report = b.reconciliation.check();
    expect(report.ok).toBe(false);
    expect(report.ledgerPosition).toBe(1);
    expect(report.monitorPosition).toBe(2);
  });
});

describe('the event log', () => {
  it('keeps counts of everything but only the latest events, and builds no text when told not to keep it', () => {
    const log = new EventLogger({ capacity: 3 });
    for (let i = 0; i < 5; i++) log.log('info', i, () => `event ${i}`);
    expect(log.counts().info).toBe(5);
    expect(log.events().map((e) => e.message)).toEqual(['event 2', 'event 3', 'event 4']);
    const quiet = new EventLogger({ keepEvents: false });
    let built = 0;
    quiet.log('fill', 0, () => `${++built}`);
    expect(built).toBe(0);
    expect(quiet.counts().fill).toBe(1);
  });
});
