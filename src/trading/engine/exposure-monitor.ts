import type { CurrentBar } from './current-bar.js';
import type { PnLCalculator } from './pnl-calculator.js';
import type { PositionMonitor } from './position-monitor.js';

/** How much of the time, and how heavily, the request was in the market. */
export class ExposureMonitor {
  readonly #positions: PositionMonitor;
  readonly #pnl: PnLCalculator;
  readonly #bar: CurrentBar;
  barsWithPosition = 0;
  bars = 0;
  /** Largest |position × price| / equity seen at a close. */
  maxGrossLeverage = 0;

  constructor(positions: PositionMonitor, pnl: PnLCalculator, bar: CurrentBar) {
    this.#positions = positions;
    this.#pnl = pnl;
    this.#bar = bar;
  }

  /** Counts the current bar, after it has been marked. */
  onBarClose(): void {
    const price = this.#bar.close;
    const equity = this.#pnl.equity;
    this.bars++;
    const position = this.#positions.position;
    if (position !== 0) {
      this.barsWithPosition++;
      const leverage = Math.abs(position * price) / equity;
      if (leverage > this.maxGrossLeverage) this.maxGrossLeverage = leverage;
    }
  }

  /** |position × price| / equity now. */
  grossLeverage(price: number, equity: number): number {
    return equity <= 0 ? Number.POSITIVE_INFINITY : Math.abs(this.#positions.position * price) / equity;
  }
}
