'use client';

import { useState, type FormEvent } from 'react';
import { UpgradePrompt } from '@/components/billing/upgrade-prompt';
import { useActionRunner } from '@/hooks/use-action-runner';
import { inlineErrors, type InlineErrors } from '@/lib/actions/result';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { useOrgContext } from '@/hooks/use-org-context';
import { createProjectAction, updateProjectAction } from '@/lib/projects/actions';
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX } from '@/lib/projects/limits';
import type { ProjectRow } from './types';

/**
 * Creates a project, or edits `project` when given. Errors show beside the
 * fields and as a toast; the plan's limit (`upgrade_required`) as an upgrade prompt.
 */
export function ProjectForm({ project, onDone }: { project?: ProjectRow; onDone: () => void }) {
  const { slug } = useOrgContext();
  const { pending, run } = useActionRunner();
  const [errors, setErrors] = useState<InlineErrors>({});
  const [upgrade, setUpgrade] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '');
    const description = String(form.get('description') ?? '');
    const result = project
      ? await run(
          () => updateProjectAction({ orgSlug: slug, id: project.id, name, description }),
          (saved) => `Saved “${saved.name}”.`,
        )
      : await run(
          () => createProjectAction({ orgSlug: slug, name, description }),
          (created) => `Created “${created.name}”.`,
        );
    setErrors(inlineErrors(result));
    if (!result.ok && result.code === 'upgrade_required') setUpgrade(result.error);
    if (result.ok) onDone();
  }

  if (upgrade) return <UpgradePrompt message={upgrade} />;

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <Field label="Name" error={errors.name}>
        {(control) => (
          <Input {...control} name="name" defaultValue={project?.name} required maxLength={PROJECT_NAME_MAX} autoComplete="off" autoFocus />
        )}
      </Field>
      <Field label="Description" hint={`Optional, up to ${PROJECT_DESCRIPTION_MAX} characters.`} error={errors.description}>
        {(control) => <Textarea {...control} name="description" defaultValue={project?.description} maxLength={PROJECT_DESCRIPTION_MAX} />}
      </Field>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {project ? 'Save changes' : 'Create project'}
        </Button>
      </div>
    </form>
  );
}
