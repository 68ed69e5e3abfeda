import { UserProfile } from '@clerk/nextjs';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Profile' };

export default function UserProfilePage() {
  return (
    <div className="flex justify-center">
      <h1 className="sr-only">Profile</h1>
      <UserProfile routing="path" path="/user-profile" />
    </div>
  );
}
