// Clerk's Next.js quickstart layout: <ClerkProvider>, the sign-in and sign-up buttons for signed-out users, <UserButton> for
// signed-in ones. No sign-in page of its own: the buttons lead to the instance's hosted pages (the Account Portal).
import { ClerkProvider, Show, SignInButton, SignUpButton, UserButton } from '@clerk/nextjs';
import type { ReactNode } from 'react';

export const metadata = { title: 'Clerk Next.js quickstart' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ClerkProvider>
          <header>
            <Show when="signed-out">
              <SignInButton />
              <SignUpButton />
            </Show>
            <Show when="signed-in">
              <UserButton />
            </Show>
          </header>
          {children}
        </ClerkProvider>
      </body>
    </html>
  );
}
