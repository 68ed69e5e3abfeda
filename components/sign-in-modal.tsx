'use client';

import dynamic from 'next/dynamic';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef } from 'react';

// Clerk's <SignIn> code loads only when the modal opens.
const SignIn = dynamic(() => import('@clerk/nextjs').then((mod) => mod.SignIn), { ssr: false });

function Modal() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  const open = params.get('sign-in') === 'true';

  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);

  const close = () => {
    const next = new URLSearchParams(params);
    next.delete('sign-in');
    router.replace(next.size ? `${pathname}?${next}` : pathname);
  };

  return (
    <dialog
      ref={dialog}
      onClose={close}
      aria-label="Sign in"
      className="m-auto rounded-xl bg-transparent p-0 backdrop:bg-black/50"
      onClick={(event) => event.target === dialog.current && close()}
    >
      {open && <SignIn routing="hash" forceRedirectUrl={pathname} />}
    </dialog>
  );
}

/** The seed's sign-in modal: `?sign-in=true` on any app page opens Clerk's <SignIn> in a dialog. */
export function SignInModal() {
  return (
    <Suspense>
      <Modal />
    </Suspense>
  );
}
