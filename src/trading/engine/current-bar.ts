/**
 * The bar a request's kernel is processing, as fields every component of the request reads
 * (fills at its open, marking at its close, the clock at its time). Passing the bar around as
 * fields instead of arguments is deliberate: a double passed to, or returned from, a call the
 * compiler does not inline is allocated on the heap, and at millions of bars a second that
 * garbage is what limits a sweep's threads. One per request, like everything else in it.
 */
export class CurrentBar {
  /** Bars processed before this one (0 for the first). */
  index = -1;
  /** Epoch ms. Fields start as NaN so that V8 stores them as doubles from the first write. */
  time = Number.NaN;
  open = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
  close = Number.NaN;
}
