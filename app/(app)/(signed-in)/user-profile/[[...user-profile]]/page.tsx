import type { Metadata } from 'next';
import { UserProfile } from '@/components/auth/user-profile';
import { requireUser } from '@/lib/auth/guards';
import { guardPage } from '@/lib/auth/pages';

export const metadata: Metadata = { title: 'Profile' };

export default async function UserProfilePage() {
  await guardPage(requireUser, '/user-profile');
  return (
    <div className="flex justify-center">
      <h1 className="sr-only">Profile</h1>
      <UserProfile routing="path" path="/user-profile" />
    </div>
  );
}
