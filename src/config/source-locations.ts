import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { asArrayIndex, type ConfigPath } from './config-path.js';
import type { ConfigOrigin, ConfigSource } from './config-source.js';

/**
 * Maps config paths back to lines of the file they were read from, using the node ranges yaml
 * keeps. JSON files are parsed as YAML too (JSON is YAML), so both get lines.
 *
 * A path that does not exist in the file (a missing required field, say) resolves to its
 * deepest ancestor that does: "database.url is missing" points at the `database:` block.
 */
export class YamlSourceLocations implements ConfigOrigin {
  readonly #file: string;
  readonly #document: Document;
  readonly #lines: LineCounter;

  constructor(file: string, document: Document, lines: LineCounter) {
    this.#file = file;
    this.#document = document;
    this.#lines = lines;
  }

  sourceOf(path: ConfigPath): ConfigSource {
    const offset = this.#offsetOf(path);
    if (offset === undefined) return { kind: 'file', file: this.#file };
    const { line, col } = this.#lines.linePos(offset);
    return { kind: 'file', file: this.#file, line, column: col };
  }

  /** Start offset of the deepest node along `path`: the key of a mapping entry, or a sequence item. */
  #offsetOf(path: ConfigPath): number | undefined {
    let node: unknown = this.#document.contents;
    let offset: number | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.#document);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        offset = startOf(pair.key) ?? startOf(pair.value) ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const index = asArrayIndex(segment);
        const item: unknown = index === undefined ? undefined : node.items[index];
        if (item === undefined) break;
        offset = startOf(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return offset;
  }
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}
