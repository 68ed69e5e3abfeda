/** The README's route table is what scripts/routes-table.ts generates from the routers, and each file it names handles its routes. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { README, withRoutesTable } from '../scripts/routes-table';
import { backendRoutes } from '../src/bapi';
import { frontendRoutes } from '../src/fapi';

describe('the README route table', () => {
  it('is current (else run: npx tsx packages/local-clerk/scripts/routes-table.ts)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(readme).toBe(withRoutesTable(readme));
  });

  it('names, for every route, a file that has its path written out', () => {
    const missing = [...frontendRoutes.table, ...backendRoutes.table].filter(
      ({ path: route, file }) => !fs.readFileSync(path.join(import.meta.dirname, '../src', file), 'utf8').includes(`'${route}'`),
    );
    expect(missing).toEqual([]);
  });
});
