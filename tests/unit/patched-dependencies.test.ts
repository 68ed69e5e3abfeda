import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `patches/` holds fixes to installed packages, applied by `patch-package` on every
 * install (`postinstall`). These tests fail when a patch stopped applying, say
 * after an upgrade: then check whether the upstream release fixed the bug, and
 * drop or re-create the patch.
 */
const clerkReactDist = () => path.join(path.dirname(require.resolve('@clerk/react/package.json')), 'dist');

/** The installed files of @clerk/react matching `pattern`, with their text: both module formats (ESM and CommonJS). */
function clerkReactFiles(pattern: RegExp) {
  const files = fs.readdirSync(clerkReactDist()).filter((file) => pattern.test(file));
  expect(files.length).toBeGreaterThanOrEqual(2);
  return files.map((file) => ({ file, source: fs.readFileSync(path.join(clerkReactDist(), file), 'utf8') }));
}

describe('patched dependencies', () => {
  it("@clerk/react's provider hears a clerk-js status it subscribed to late (no header stuck loading)", () => {
    // ClerkProvider reads clerk-js's status while rendering and subscribes in an effect. If clerk-js
    // becomes ready in between (hydration is slow on a busy device), the subscription without
    // `notify` never hears it: <ClerkLoading> stays and Clerk's components never mount.
    for (const { file, source } of clerkReactFiles(/^ClerkProvider-.*\.(mjs|cjs)$/)) {
      expect(source, file).toContain('.on("status", setClerkStatus, { notify: true });');
      expect(source, file).not.toContain('.on("status", setClerkStatus);');
    }
  });

  it("@clerk/react's components render what the server did while the page hydrates (no hydration mismatch)", () => {
    // The server renders Clerk's components as nothing, or their `fallback` (clerk-js is not loaded
    // there). If clerk-js loads while the page is still hydrating, `withClerk` and the components it
    // renders while loading (<UserButton>, <OrganizationSwitcher>, all of Clerk's UI) rendered their
    // mount point at once: React's error #418, and the page re-rendered on the client. The patch
    // renders the server's output until hydration has ended.
    for (const { file, source } of clerkReactFiles(/^hooks-.*\.(mjs|cjs)$/)) {
      expect(source, file).toMatch(
        /const hydrated = (\(0, react\.)?useSyncExternalStore\)?\(subscribeToNothing, \(\) => true, \(\) => false\);/,
      );
      expect(source, file).toContain('if (!hydrated) return options?.renderWhileLoading ? props.fallback ?? null : null;');
    }
  });

  it("@clerk/nextjs's entry only re-exports, so importing ClerkProvider on the server ships no unused Clerk code", () => {
    // With imports bound to local names, a server component importing ClerkProvider made Clerk's "use client"
    // hooks and UI-component modules client references of the page: every hook and component wrapper shipped.
    const entry = path.join(path.dirname(require.resolve('@clerk/nextjs')), '../esm/index.js');
    const source = fs.readFileSync(entry, 'utf8');
    expect(source).toContain('export { ClerkProvider, Show } from "#components";');
    expect(source).not.toMatch(/^import \{/m);
  });
});
