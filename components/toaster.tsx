'use client';

import dynamic from 'next/dynamic';

/**
 * Sonner's toaster, loaded after the page is interactive rather than with it: no page needs it to
 * render, and a toast fired before it mounts still shows (sonner replays the active toasts to it).
 */
export const Toaster = dynamic(() => import('sonner').then((mod) => mod.Toaster), { ssr: false });
