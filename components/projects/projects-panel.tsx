'use client';

import { FolderKanban, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { UpgradePrompt } from '@/components/billing/upgrade-prompt';
import { formatDate } from '@/components/org/format';
import { useActionRunner } from '@/hooks/use-action-runner';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { deleteProjectAction } from '@/lib/projects/actions';
import { projectLimitMessage } from '@/lib/projects/limits';
import { useOrgContext } from '@/hooks/use-org-context';
import { ProjectForm } from './project-form';
import type { ProjectRow } from './types';

export interface ProjectPermissions {
  create: boolean;
  update: boolean;
  delete: boolean;
}

type Open = { kind: 'create' } | { kind: 'edit'; project: ProjectRow } | { kind: 'delete'; project: ProjectRow } | null;

/**
 * The organization's projects: a table with create, edit and delete. The
 * server decides the permissions (`can()` on the session) and the plan's
 * limit (`projectLimit()`, null for none) and passes them in; controls the
 * server would refuse are not rendered, and a full free plan shows the upgrade.
 */
export function ProjectsPanel({ projects, can, limit }: { projects: ProjectRow[]; can: ProjectPermissions; limit: number | null }) {
  const { name: orgName } = useOrgContext();
  const full = limit !== null && projects.length >= limit;
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const manage = can.update || can.delete;

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Projects</CardTitle>
          <CardDescription>
            Everything here belongs to {orgName} and is visible to its members only.
            {limit !== null && ` ${projects.length} of ${limit} projects on the free plan.`}
          </CardDescription>
        </div>
        {can.create && !full && (
          <Button onClick={() => setOpen({ kind: 'create' })}>
            <Plus className="size-4" aria-hidden />
            New project
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {full && can.create && <UpgradePrompt message={projectLimitMessage(limit)} />}
        {projects.length === 0 ? (
          <EmptyState icon={FolderKanban} title="No projects yet">
            {can.create ? 'Create the first one for your team.' : 'An admin or manager can create the first one.'}
          </EmptyState>
        ) : (
          <Table>
            <TableCaption>Projects of {orgName}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Created</TableHead>
                {manage && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {projects.map((project) => (
                <TableRow key={project.id}>
                  <TableCell className="max-w-0 w-full">
                    <p className="truncate font-medium">{project.name}</p>
                    {project.description && <p className="truncate text-muted-foreground">{project.description}</p>}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                    {formatDate(project.createdAt)}
                  </TableCell>
                  {manage && (
                    <TableCell>
                      <div className="flex justify-end gap-1">
                        {can.update && (
                          <Button variant="ghost" size="icon" onClick={() => setOpen({ kind: 'edit', project })}>
                            <Pencil className="size-4" aria-hidden />
                            <span className="sr-only">Edit {project.name}</span>
                          </Button>
                        )}
                        {can.delete && (
                          <Button variant="ghost" size="icon" onClick={() => setOpen({ kind: 'delete', project })}>
                            <Trash2 className="size-4 text-destructive" aria-hidden />
                            <span className="sr-only">Delete {project.name}</span>
                          </Button>
                        )}
                      </div>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>

      <Dialog open={open?.kind === 'create'} onOpenChange={close} title="New project" description={`It will belong to ${orgName}.`}>
        <ProjectForm onDone={close} />
      </Dialog>
      <Dialog open={open?.kind === 'edit'} onOpenChange={close} title="Edit project">
        {open?.kind === 'edit' && <ProjectForm key={open.project.id} project={open.project} onDone={close} />}
      </Dialog>
      <Dialog open={open?.kind === 'delete'} onOpenChange={close} title="Delete project?" description="This cannot be undone.">
        {open?.kind === 'delete' && <DeleteProject project={open.project} onDone={close} />}
      </Dialog>
    </Card>
  );
}

function DeleteProject({ project, onDone }: { project: ProjectRow; onDone: () => void }) {
  const { slug } = useOrgContext();
  const { pending, run } = useActionRunner();

  async function confirm() {
    const result = await run(() => deleteProjectAction({ orgSlug: slug, id: project.id }), `Deleted “${project.name}”.`);
    if (result.ok) onDone();
  }

  return (
    <div className="grid gap-4">
      <p className="text-sm">
        <strong>{project.name}</strong> will be removed for everyone in the organization.
      </p>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button variant="destructive" onClick={confirm} disabled={pending}>
          Delete project
        </Button>
      </div>
    </div>
  );
}
