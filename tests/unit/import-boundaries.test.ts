/**
 * Imports run one way: app -> lib -> db, components never import lib/db, and
 * workspace packages never import the app, which reaches a package only
 * through the entry points its package.json exports.
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
  return fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((file) => SOURCE.test(file)).map((file) => path.join(folder, file));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => (match[1] ?? match[2])!);
}

/** Where a specifier points inside the repository (relative or `@/`), or null for a package name. */
function target(file: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return specifier.slice(2);
  if (specifier.startsWith('.')) return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
  return null;
}

const packageFolders = fs.existsSync(path.join(ROOT, 'packages')) ? fs.readdirSync(path.join(ROOT, 'packages')) : [];
const packages = packageFolders.map((folder) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', folder, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string> };
  return { folder: path.join('packages', folder), name: manifest.name, entryPoints: Object.keys(manifest.exports).map((key) => path.posix.join(manifest.name, key)) };
});

const violations = (folders: string[], rule: (file: string, specifier: string) => string | null) =>
  folders.flatMap(files).flatMap((file) => importsOf(file).flatMap((specifier) => rule(file, specifier) ?? []).map((reason) => `${file}: ${reason}`));

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

  it("the app reaches a package only through the entry points its package.json exports", () => {
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
      violations(['lib'], (file, specifier) => (/^(app|components|hooks|providers)\//.test(target(file, specifier) ?? '') ? specifier : null)),
    ).toEqual([]);
  });

  it.each([
    ['lib/tenant', 'lib/organizations'],
    ['lib/auth', 'lib/env'],
  ])('%s never imports %s (the other way round is the direction)', (from, to) => {
    expect(violations([from], (file, specifier) => (target(file, specifier)?.startsWith(`${to}/`) ? specifier : null))).toEqual([]);
  });

  it('components, hooks and providers never import lib/db', () => {
    expect(violations(['components', 'hooks', 'providers'], (file, specifier) => (target(file, specifier)?.startsWith('lib/db') ? specifier : null))).toEqual([]);
  });
});
