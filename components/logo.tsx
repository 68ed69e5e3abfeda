import { Layers } from 'lucide-react';
import Link from 'next/link';

export const Logo = () => (
  <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
    <span className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
      <Layers className="size-4" aria-hidden />
    </span>
    Clerk SaaS Starter
  </Link>
);
