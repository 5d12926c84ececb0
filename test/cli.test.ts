import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../src/cli/exit-codes.js';

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tenure', ...args], (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tenure-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('tenure CLI', () => {
  it('selfcheck runs the core end to end and finds no leak', async () => {
    const { code, out } = await run('selfcheck', '--runs', '2');
    expect(code).toBe(EXIT_OK);
    expect(out.at(-1)).toMatch(/^selfcheck ok: 2 runs, \d+ instantiations, 2 leak checks clean$/);
  });

  it('config check accepts an empty file (every section has defaults)', async () => {
    const { code, out } = await run('config', 'check', file('ok.yaml', '{}\n'));
    expect(code).toBe(EXIT_OK);
    expect(out[0]).toContain('database .tenure/results.db, redis off');
  });

  it('config check exits 2 naming every wrong field with its file and line', async () => {
    const path = file('bad.yaml', 'registry:\n  maxSize: -3\n  colour: blue\nsessions:\n  idleTimeoutMinutes: soon\n');
    const { code, err } = await run('config', 'check', path);
    expect(code).toBe(EXIT_BAD_INPUT);
    const text = err.join('\n');
    expect(text).toContain(`registry.maxSize`);
    expect(text).toContain(`${path}:2:`);
    expect(text).toContain('registry.colour');
    expect(text).toContain(`${path}:3:`);
    expect(text).toContain('sessions.idleTimeoutMinutes');
    expect(text).toContain(`${path}:5:`);
  });

  it('exits 2 on an unknown command or a bad option value', async () => {
    expect((await run('nope')).code).toBe(EXIT_BAD_INPUT);
    expect((await run('selfcheck', '--runs', 'zero')).code).toBe(EXIT_BAD_INPUT);
  });
});
