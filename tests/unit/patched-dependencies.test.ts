import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `patches/` holds fixes to installed packages, applied by `patch-package` on every
 * install (`postinstall`). These tests fail when a patch stopped applying, say
 * after an upgrade: then check whether the upstream release fixed the bug, and
 * drop or re-create the patch.
 */
describe('patched dependencies', () => {
  it("@clerk/react's provider hears a clerk-js status it subscribed to late (no header stuck loading)", () => {
    // ClerkProvider reads clerk-js's status while rendering and subscribes in an effect. If clerk-js
    // becomes ready in between (hydration is slow on a busy device), the subscription without
    // `notify` never hears it: <ClerkLoading> stays and Clerk's components never mount.
    const dist = path.join(path.dirname(require.resolve('@clerk/react/package.json')), 'dist');
    const providers = fs.readdirSync(dist).filter((file) => /^ClerkProvider-.*\.(mjs|cjs)$/.test(file));
    expect(providers.length).toBeGreaterThanOrEqual(2);
    for (const file of providers) {
      const source = fs.readFileSync(path.join(dist, file), 'utf8');
      expect(source, file).toContain('.on("status", setClerkStatus, { notify: true });');
      expect(source, file).not.toContain('.on("status", setClerkStatus);');
    }
  });
});
