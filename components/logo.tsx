import { Layers } from 'lucide-react';
import Link from 'next/link';
import { SITE } from '@/lib/site';

export const Logo = () => (
  <Link href="/" className="flex shrink-0 items-center gap-2 whitespace-nowrap font-semibold tracking-tight">
    <span className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
      <Layers className="size-4" aria-hidden />
    </span>
    {SITE.name}
  </Link>
);
