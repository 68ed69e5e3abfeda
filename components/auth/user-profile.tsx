'use client';

import { UserProfile as ClerkUserProfile, useUser } from '@clerk/nextjs';
import type { ComponentProps } from 'react';

/**
 * Clerk's `<UserProfile>`, mounted once clerk-js holds the signed-in user. Right after
 * `<SignIn>` redirects here, the page renders before clerk-js has set the new session's user,
 * and clerk-js then skips mounting the profile (a blank page until a reload).
 */
export function UserProfile(props: ComponentProps<typeof ClerkUserProfile>) {
  const { user } = useUser();
  return user ? <ClerkUserProfile key={user.id} {...props} /> : null;
}
