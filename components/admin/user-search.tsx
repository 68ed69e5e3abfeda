import { Search } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input, Label } from '@/components/ui/input';
import { SEARCH_MAX_LENGTH } from '@/lib/admin/users';

/** A plain GET form: `?q=` drives the server-rendered list, so search works before (and without) JavaScript. */
export function UserSearch({ q }: { q: string }) {
  return (
    <form role="search" action="/admin" className="flex items-end gap-2">
      <div className="grid flex-1 gap-1.5">
        <Label htmlFor="admin-user-search">Search users</Label>
        <Input id="admin-user-search" name="q" type="search" defaultValue={q} placeholder="Name or email" maxLength={SEARCH_MAX_LENGTH} />
      </div>
      <Button type="submit" variant="secondary">
        <Search className="size-4" aria-hidden />
        Search
      </Button>
    </form>
  );
}
