import { UserProfile } from '@clerk/nextjs';
import type { Metadata } from 'next';
import { LocalModeNotice } from '@/components/local-mode-notice';
import { env } from '@/lib/env/server';

export const metadata: Metadata = { title: 'Profile' };

export default function UserProfilePage() {
  if (env.localMode) return <LocalModeNotice feature="The user profile" />;
  return (
    <div className="flex justify-center">
      <h1 className="sr-only">Profile</h1>
      <UserProfile routing="path" path="/user-profile" />
    </div>
  );
}
