/**
 * The package's shape (issue #21): no import circles among its source files, so each
 * can be read and changed starting from the files it imports, and no source file over
 * 400 lines. Type-only imports count: they tie files together for a reader too.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../src');
const MAX_LINES = 400;

const sourceFiles = (): string[] =>
  fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(SRC, file))
    .sort();

/** The package files a file imports or re-exports from (`./x`, `./x.ts`, `./dir` for `./dir/index.ts`). */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const base = path.resolve(path.dirname(file), specifier);
      const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
      const found = candidates.find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile());
      if (!found) throw new Error(`${file}: cannot resolve ${specifier}`);
      return found;
    });
}

/** The import circles a depth-first search meets (at least one whenever there is any), each as the path that closes it (`a -> b -> a`). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string) => {
    const open = stack.indexOf(node);
    if (open >= 0) {
      cycles.push([...stack.slice(open), node]);
      return;
    }
    if (done.has(node)) return;
    stack.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    stack.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return cycles;
}

const lineCount = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length - 1;
const relative = (file: string) => path.relative(SRC, file);

describe('the package structure', () => {
  it('finds a circle when there is one (the check itself works)', () => {
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import circles among its source files', () => {
    const graph = new Map(sourceFiles().map((file) => [relative(file), relativeImports(file).map(relative)]));
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = sourceFiles()
      .map((file) => ({ file: relative(file), lines: lineCount(file) }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
