'use client';

import { useClerk, useOrganization, useReverification } from '@clerk/nextjs';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useHydrated } from '@/hooks/use-hydrated';
import { SELECT_ORG_PATH, orgPath } from '@/lib/auth/routes';
import { changeOrganizationSlugAction, deleteOrganizationAction, renameOrganizationAction } from '@/lib/organizations/actions';
import { ORGANIZATION_NAME_MAX, SLUG_MAX, SLUG_MIN, SLUG_PATTERN } from '@/lib/organizations/rules';
import { useOrgContext } from '@/hooks/use-org-context';
import { useActionRunner } from '@/hooks/use-action-runner';
import { inlineErrors, type InlineErrors } from '@/lib/actions/result';

export function RenameOrganizationForm() {
  const { slug, name } = useOrgContext();
  const { organization } = useOrganization();
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<InlineErrors>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = String(new FormData(event.currentTarget).get('name') ?? '');
    const result = await run(
      () => renameOrganizationAction({ orgSlug: slug, name: next }),
      (saved) => `Renamed to ${saved.name}.`,
    );
    setErrors(inlineErrors(result, 'name'));
    // The server renamed it in Clerk; clerk-js still holds the old name (the switcher shows it) until reloaded.
    if (result.ok) await organization?.reload().catch(() => undefined);
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:max-w-md">
      <Field label="Organization name" error={errors.name}>
        {(control) => (
          <Input {...control} name="name" defaultValue={name} required maxLength={ORGANIZATION_NAME_MAX} autoComplete="organization" />
        )}
      </Field>
      <Button type="submit" disabled={pending || !hydrated} className="justify-self-start">
        Save name
      </Button>
    </form>
  );
}

/** Changing the slug changes every /org/ URL: afterwards the page loads the new one (which also refreshes the session's slug). */
export function ChangeSlugForm() {
  const { slug } = useOrgContext();
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<InlineErrors>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = String(new FormData(event.currentTarget).get('slug') ?? '');
    const result = await run(
      () => changeOrganizationSlugAction({ orgSlug: slug, slug: next }),
      (saved) => `The address is now ${orgPath(saved.slug)}.`,
      { refresh: false },
    );
    setErrors(inlineErrors(result, 'slug'));
    // A document load lets the middleware's organization sync refresh the session's slug.
    if (result.ok) window.location.assign(orgPath(result.data.slug, 'settings'));
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:max-w-md">
      <Field
        label="Slug"
        hint={`Used in addresses like ${orgPath(slug)}. ${SLUG_MIN}–${SLUG_MAX} lowercase letters, digits and hyphens.`}
        error={errors.slug}
      >
        {(control) => (
          <Input
            {...control}
            name="slug"
            defaultValue={slug}
            required
            minLength={SLUG_MIN}
            maxLength={SLUG_MAX}
            pattern={SLUG_PATTERN}
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Button type="submit" disabled={pending || !hydrated} className="justify-self-start">
        Change slug
      </Button>
    </form>
  );
}

/** Deleting asks for the organization's name, typed exactly; the server checks it again. */
export function DeleteOrganization() {
  const { name } = useOrgContext();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="destructive" onClick={() => setOpen(true)} className="justify-self-start">
        Delete organization
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${name}?`}
        description="Its projects, members and invitations are deleted with it. This cannot be undone."
      >
        <DeleteOrganizationForm onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function DeleteOrganizationForm({ onCancel }: { onCancel: () => void }) {
  const { slug, name } = useOrgContext();
  const clerk = useClerk();
  const { pending, run } = useActionRunner();
  // Needs a recent verification: Clerk's modal asks for the password when it is older, then the deletion runs again.
  const deleteOrganization = useReverification(deleteOrganizationAction);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => deleteOrganization({ orgSlug: slug, confirmName: typed }), `Deleted ${name}.`, { refresh: false });
    if (!result.ok) return setError(result.error);
    // The session still names the deleted organization until told otherwise.
    await clerk.setActive({ organization: null, redirectUrl: SELECT_ORG_PATH }).catch(() => window.location.assign(SELECT_ORG_PATH));
  }

  return (
    <form onSubmit={submit} className="grid gap-4">
      <Field label={`Type ${name} to confirm`} error={error}>
        {(control) => (
          <Input
            {...control}
            name="confirmName"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="destructive" disabled={pending || typed !== name}>
          Delete this organization
        </Button>
      </div>
    </form>
  );
}
