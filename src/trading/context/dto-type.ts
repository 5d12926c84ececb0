/**
 * A kind of data transfer object a worker produces for the others of its strategy in one tick
 * (a moving average, a market regime, a trade plan). The type is a token carrying the value's
 * TypeScript type; the tick cache is keyed by type, plus a label where one strategy has several
 * producers of the same type (a fast and a slow moving average).
 */
export interface DtoType<T> {
  readonly name: string;
  /** Never set: carries T for the type checker. */
  readonly __value?: T;
}

export function defineDto<T>(name: string): DtoType<T> {
  return Object.freeze({ name });
}

/** `MovingAverage` or `MovingAverage:fast`: how a DTO is named in the cache and in errors. */
export function dtoKey(type: DtoType<unknown>, label?: string): string {
  return label === undefined || label === '' ? type.name : `${type.name}:${label}`;
}

/**
 * Where a DTO lives in its provider's tick cache: an integer resolved when the workforce is
 * wired, so a tick reads and writes array slots rather than hashing type names.
 */
export type DtoSlot<T> = number & { readonly __slot?: T };
