/**
 * Imports run one way: app -> lib -> db, components never import lib/db, and
 * workspace packages never import the app, which reaches a package only
 * through the entry points its package.json exports. Domain folders throw
 * `AppError` and know nothing of requests; only hooks/ exports hooks; the
 * folders of lib/ import each other without cycles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const APP_FOLDERS = ['app', 'lib', 'components', 'hooks', 'providers', 'scripts', 'tests'];
const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(folder: string): string[] {
  const directory = path.join(ROOT, folder);
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => SOURCE.test(file))
    .map((file) => path.join(folder, file));
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

function importsOf(file: string): string[] {
  return [...read(file).matchAll(IMPORT)].map((match) => (match[1] ?? match[2])!);
}

/** The folder of lib/ a repository path belongs to (`lib/errors.ts` is its own), or null outside lib/. */
const libFolder = (to: string | null) => (to?.startsWith('lib/') ? to.split('/')[1]!.replace(/\.tsx?$/, '') : null);

/** Cycles in a graph of folder -> folders it imports, each as a path `a -> b -> a`. */
export function cyclesOf(graph: Map<string, Set<string>>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return cycles;
}

function libFolderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files('lib')) {
    const from = libFolder(file)!;
    for (const specifier of importsOf(file)) {
      const to = libFolder(target(file, specifier));
      if (to && to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/**
 * Domain folders: the app's rules and data. They throw AppError (lib/errors.ts)
 * and never see a request; `actions.ts` files are their server-action entry
 * points (like route files) and may call the guards.
 */
const DOMAIN_FOLDERS = ['lib/projects', 'lib/organizations', 'lib/admin', 'lib/audit', 'lib/billing', 'lib/sync'];
const REQUEST_MODULES = /^(next\/(server|navigation|headers)|lib\/http\/|lib\/auth\/(guards|pages|session)$)/;
const CLERK_REQUEST_HELPERS = /import\s*\{([^}]*)\}\s*from\s*'@clerk\/nextjs\/server'/g;
const HOOK_EXPORT = /export\s+(?:async\s+)?function\s+(use[A-Z]\w*)|export\s+const\s+(use[A-Z]\w*)\s*=/g;

/** Where a specifier points inside the repository (relative or `@/`), or null for a package name. */
function target(file: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return specifier.slice(2);
  if (specifier.startsWith('.')) return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
  return null;
}

const packageFolders = fs.existsSync(path.join(ROOT, 'packages')) ? fs.readdirSync(path.join(ROOT, 'packages')) : [];
const packages = packageFolders.map((folder) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', folder, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string>;
  };
  return {
    folder: path.join('packages', folder),
    name: manifest.name,
    entryPoints: Object.keys(manifest.exports).map((key) => path.posix.join(manifest.name, key)),
  };
});

const violations = (folders: string[], rule: (file: string, specifier: string) => string | null) =>
  folders.flatMap(files).flatMap((file) =>
    importsOf(file)
      .flatMap((specifier) => rule(file, specifier) ?? [])
      .map((reason) => `${file}: ${reason}`),
  );

describe('import boundaries', () => {
  it('finds the imports it checks', () => {
    expect(importsOf('middleware.ts')).toEqual(expect.arrayContaining(['@clerk/nextjs/server', '@/lib/auth/access']));
    expect(files('lib').length).toBeGreaterThan(10);
  });

  it.each(packages)('$name imports nothing of the app, only its own files and npm packages', ({ folder }) => {
    expect(
      violations([folder], (file, specifier) => {
        const to = target(file, specifier);
        if (specifier.startsWith('@/')) return `${specifier}: the app's alias`;
        return to !== null && !to.startsWith(`${folder}/`) ? `${specifier}: outside ${folder}` : null;
      }),
    ).toEqual([]);
  });

  it('the app reaches a package only through the entry points its package.json exports', () => {
    expect(
      violations(APP_FOLDERS, (file, specifier) => {
        const to = target(file, specifier);
        if (to?.startsWith('packages/')) return `${specifier}: a package's file by path; import its entry point`;
        const pkg = packages.find(({ name }) => specifier === name || specifier.startsWith(`${name}/`));
        return pkg && !pkg.entryPoints.includes(specifier) ? `${specifier}: not one of ${pkg.entryPoints.join(', ')}` : null;
      }),
    ).toEqual([]);
  });

  it('lib never imports app, components, hooks or providers', () => {
    expect(
      violations(['lib'], (file, specifier) =>
        /^(app|components|hooks|providers)\//.test(target(file, specifier) ?? '') ? specifier : null,
      ),
    ).toEqual([]);
  });

  it.each([
    ['lib/projects', 'lib/organizations'],
    ['lib/billing', 'lib/auth'],
    ['lib/auth', 'lib/env'],
  ])('%s never imports %s (the other way round is the direction)', (from, to) => {
    expect(violations([from], (file, specifier) => (target(file, specifier)?.startsWith(`${to}/`) ? specifier : null))).toEqual([]);
  });

  it('components, hooks and providers never import lib/db', () => {
    expect(
      violations(['components', 'hooks', 'providers'], (file, specifier) =>
        target(file, specifier)?.startsWith('lib/db') ? specifier : null,
      ),
    ).toEqual([]);
  });

  it("domain folders never import lib/http, next/server or the request-bound guards, nor Clerk's auth() or currentUser()", () => {
    const domainFiles = DOMAIN_FOLDERS.flatMap(files).filter((file) => path.basename(file) !== 'actions.ts');
    expect(domainFiles.length).toBeGreaterThan(10);
    const requestImports = violations(DOMAIN_FOLDERS, (file, specifier) =>
      path.basename(file) !== 'actions.ts' && REQUEST_MODULES.test(target(file, specifier) ?? specifier) ? specifier : null,
    );
    const clerkHelpers = domainFiles.flatMap((file) =>
      [...read(file).matchAll(CLERK_REQUEST_HELPERS)]
        .flatMap((match) => match[1]!.split(',').map((name) => name.trim().replace(/^type\s+/, '')))
        .filter((name) => name === 'auth' || name === 'currentUser')
        .map((name) => `${file}: ${name}`),
    );
    expect([...requestImports, ...clerkHelpers]).toEqual([]);
  });

  it('only hooks/ exports use* functions, and lib/ holds no client file', () => {
    const hookExports = ['app', 'components', 'providers', 'lib']
      .flatMap(files)
      .flatMap((file) => [...read(file).matchAll(HOOK_EXPORT)].map((match) => `${file}: ${match[1] ?? match[2]}`));
    const clientFiles = files('lib').filter((file) => /^\s*['"]use client['"]/.test(read(file)));
    expect(files('hooks').length).toBeGreaterThan(2);
    expect([...hookExports, ...clientFiles]).toEqual([]);
  });

  it('the folders of lib/ import each other without cycles', () => {
    const graph = libFolderGraph();
    expect(graph.get('projects')).toContain('auth');
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const graph = new Map([
      ['auth', new Set(['billing'])],
      ['billing', new Set(['errors'])],
      ['errors', new Set(['auth'])],
    ]);
    expect(cyclesOf(graph)).toEqual(['auth -> billing -> errors -> auth']);
    expect(cyclesOf(new Map([['auth', new Set(['billing'])]]))).toEqual([]);
  });
});
