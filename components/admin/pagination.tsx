import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

const href = (q: string, page: number) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin?${query}` : '/admin';
};

export function Pagination({ q, page, pageCount, total }: { q: string; page: number; pageCount: number; total: number }) {
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm">
      <p className="text-muted-foreground">
        {total} {total === 1 ? 'user' : 'users'} · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={href(q, page - 1)} className={buttonClass('outline', 'sm')} rel="prev">
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={href(q, page + 1)} className={buttonClass('outline', 'sm')} rel="next">
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
