'use client';

import dynamic from 'next/dynamic';

/**
 * The impersonation banner, in its own chunk: it renders only while an admin acts as someone,
 * so no other signed-in page loads its code (the action runner, sonner). Where it renders, it
 * is server-rendered as before.
 */
export const LazyImpersonationBanner = dynamic(() => import('./impersonation-banner').then((mod) => mod.ImpersonationBanner));
