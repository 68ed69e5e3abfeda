'use client';

import { Trash2 } from 'lucide-react';
import { useTransition, type ComponentProps } from 'react';
import { Button } from '@/components/ui/button';
import type { Resource } from '@/lib/auth/permissions';
import { Can } from './can';

type DeleteButtonProps = Omit<ComponentProps<typeof Button>, 'onClick' | 'variant'> & {
  resource: Resource;
  onDelete: () => Promise<void> | void;
};

/**
 * A delete control that is not rendered at all for roles that may not delete
 * `resource` (the server refuses them too). Confirmation, if wanted, belongs to
 * the caller (e.g. open a Dialog from `onDelete`).
 */
export function DeleteButton({ resource, onDelete, children = 'Delete', disabled, ...props }: DeleteButtonProps) {
  const [pending, startTransition] = useTransition();
  return (
    <Can resource={resource} action="delete">
      <Button variant="destructive" size="sm" disabled={disabled || pending} onClick={() => startTransition(onDelete)} {...props}>
        <Trash2 className="size-4" aria-hidden />
        {children}
      </Button>
    </Can>
  );
}
