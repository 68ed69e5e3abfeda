'use client';

/**
 * The header's Clerk controls, imported by the server header through this client module: a server
 * component importing them from `@clerk/nextjs` makes Clerk's whole UI-components module (every
 * component's wrapper) a client reference of the page (docs/performance.md).
 */
export { OrganizationSwitcher, UserButton } from '@clerk/nextjs';
