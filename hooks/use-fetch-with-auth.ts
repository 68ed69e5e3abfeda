'use client';

import { useAuth } from '@clerk/nextjs';
import { useCallback } from 'react';

export type GetToken = () => Promise<string | null>;

/**
 * `fetch` authenticated by the Clerk session token in `Authorization: Bearer`,
 * not by cookies (credentials are omitted unless the caller asks for them): the
 * way to call this app's APIs from another origin, a worker or a script, and
 * what `clerkMiddleware` verifies on API routes.
 */
export async function fetchWithToken(getToken: GetToken, input: string | URL, init: RequestInit = {}): Promise<Response> {
  const token = await getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers, credentials: init.credentials ?? 'omit' });
}

/** `fetchWithToken` bound to the signed-in user's `useAuth().getToken()`. */
export function useFetchWithAuth() {
  const { getToken } = useAuth();
  return useCallback((input: string | URL, init?: RequestInit) => fetchWithToken(() => getToken(), input, init), [getToken]);
}
