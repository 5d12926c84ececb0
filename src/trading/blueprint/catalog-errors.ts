/**
 * Errors of the trading catalog that are not about a value inside one file (those are
 * ConfigValidationErrors with the file and line): ids that name nothing, directories that
 * cannot be read, files whose names cannot be ids.
 */
import { TenureError } from '../../errors/tenure-error.js';

export type CatalogEntryKind = 'blueprint' | 'environment';

function listOf(ids: readonly string[]): string {
  return ids.length === 0 ? '(none)' : ids.join(', ');
}

/** A blueprint or environment id that is not in the catalog. */
export class UnknownCatalogIdError extends TenureError {
  readonly code = 'BAD_CATALOG_ID';

  constructor(
    readonly entry: CatalogEntryKind,
    readonly id: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${entry} "${id}"; known ${entry}s: ${listOf(known)}`);
  }
}

/** A catalog directory is missing or cannot be listed. */
export class CatalogDirectoryError extends TenureError {
  readonly code = 'BAD_CATALOG_DIRECTORY';

  constructor(
    readonly entry: CatalogEntryKind,
    readonly directory: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot read the ${entry} directory ${directory}: ${reason}`, { cause });
  }
}

/** A catalog file's name (its id) is not a valid id. */
export class BadCatalogFileNameError extends TenureError {
  readonly code = 'BAD_CATALOG_FILE_NAME';

  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: the file name is the id, and it is not a valid one: ${problem}`);
  }
}

/** Two files of one catalog directory have the same id (`a.yaml` and `a.yml`). */
export class DuplicateCatalogIdError extends TenureError {
  readonly code = 'BAD_CATALOG_DUPLICATE_ID';

  constructor(
    readonly entry: CatalogEntryKind,
    readonly id: string,
    readonly files: readonly [string, string],
  ) {
    super(`two ${entry} files have the id "${id}": ${files[0]} and ${files[1]}; keep one`);
  }
}
