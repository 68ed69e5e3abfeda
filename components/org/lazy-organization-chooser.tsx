'use client';

import dynamic from 'next/dynamic';

/**
 * The organization chooser, in its own chunk: the dashboard shows it only to a user without
 * organizations, so everyone else's dashboard does not load its code (Clerk's organization
 * hooks, sonner). Where it renders, it is server-rendered as before.
 */
export const LazyOrganizationChooser = dynamic(() => import('./organization-chooser').then((mod) => mod.OrganizationChooser));
