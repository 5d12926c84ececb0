import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LazyRegistry, type LazyRegistryStats } from '../../lifetime/lazy-registry.js';
import { createModel } from './create-model.js';
import { MODEL_FILE_EXTENSIONS, modelNameOfFile, readModelFile, type ModelDefinition } from './model-file.js';
import { ModelDirectoryError, UnknownPrepaymentModelError } from './prepayment-errors.js';
import type { PrepaymentModel } from './prepayment-model.js';

/**
 * The prepayment models of a directory of model files, by name (the file name without its
 * extension). A model's file is read, validated and turned into a model on first use and then
 * held, through the core's LazyRegistry; `clear()` drops them all (between runs, or after the
 * files changed) and the next use reads the file again.
 */
export class PrepaymentModelRegistry implements Disposable {
  readonly directory: string;
  readonly #files: ReadonlyMap<string, string>;
  readonly #models: LazyRegistry<PrepaymentModel>;

  /** `read` turns a model file into its definition (default: reads the file; a shared tier's copy otherwise). */
  constructor(directory: string, files: ReadonlyMap<string, string>, read: (file: string) => ModelDefinition = readModelFile) {
    this.directory = directory;
    this.#files = files;
    // Room for every model, so none is ever evicted and re-read in the middle of a run.
    this.#models = new LazyRegistry<PrepaymentModel>({ name: `prepayment models (${directory})`, maxSize: Math.max(files.size, 1) });
    for (const [name, file] of files) this.#models.register(name, () => createModel(read(file)));
  }

  /** The model named `name`, read from its file on first use. */
  get(name: string): PrepaymentModel {
    if (!this.#models.has(name)) throw new UnknownPrepaymentModelError(name, this.names(), this.directory);
    return this.#models.get(name);
  }

  has(name: string): boolean {
    return this.#models.has(name);
  }

  /** Model names, sorted. */
  names(): string[] {
    return [...this.#files.keys()];
  }

  /** The file a model is read from. */
  fileOf(name: string): string {
    const file = this.#files.get(name);
    if (file === undefined) throw new UnknownPrepaymentModelError(name, this.names(), this.directory);
    return file;
  }

  /**
   * Reads every model now, so that a bad file fails at start-up rather than at the first
   * position that uses it. Returns the models, by name.
   */
  loadAll(): Map<string, PrepaymentModel> {
    return new Map(this.names().map((name) => [name, this.get(name)]));
  }

  /** Drops every loaded model; the next get() reads its file again. Returns how many were held. */
  clear(): number {
    return this.#models.clear();
  }

  stats(): LazyRegistryStats {
    return this.#models.stats();
  }

  [Symbol.dispose](): void {
    this.#models[Symbol.dispose]();
  }
}

/**
 * A registry of the model files (*.json, *.yaml, *.yml) in `directory`. Only the listing is
 * read now; each file is read and validated on first use (or all at once by `loadAll()`).
 * Throws when the directory cannot be listed, holds no model file, or two files give the same
 * name (psa-100.json and psa-100.yaml).
 */
export function loadModelRegistry(directory: string, read: (file: string) => ModelDefinition = readModelFile): PrepaymentModelRegistry {
  let entries: string[];
  try {
    entries = readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isFile() && MODEL_FILE_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort();
  } catch (cause) {
    throw new ModelDirectoryError(directory, `cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (entries.length === 0) {
    throw new ModelDirectoryError(directory, `holds no model file (${MODEL_FILE_EXTENSIONS.map((extension) => `*${extension}`).join(', ')})`);
  }
  const files = new Map<string, string>();
  for (const entry of entries) {
    const name = modelNameOfFile(entry);
    const earlier = files.get(name);
    if (earlier !== undefined) throw new ModelDirectoryError(directory, `${earlier} and ${join(directory, entry)} both define model '${name}'`);
    files.set(name, join(directory, entry));
  }
  return new PrepaymentModelRegistry(directory, files, read);
}
