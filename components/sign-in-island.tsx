'use client';

import dynamic from 'next/dynamic';

/**
 * The landing page's `?sign-in=true`: Clerk's provider and sign-in modal as one island, loaded only
 * when it renders, so nothing of Clerk is in the landing page's first load.
 */
export const SignInIsland = dynamic(() => import('./clerk-sign-in-modal'), { ssr: false });
