'use client';

import { Send } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { useHydrated } from '@/hooks/use-hydrated';
import { ORG_ROLES } from '@/lib/auth/permissions';
import { inviteMemberAction } from '@/lib/organizations/actions';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import { useOrgContext } from '@/hooks/use-org-context';
import { useActionRunner } from '@/hooks/use-action-runner';
import { inlineErrors, type InlineErrors } from '@/lib/actions/result';

/** Invites someone by email with a role; Clerk sends the invitation. */
export function InviteForm() {
  const { slug } = useOrgContext();
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<InlineErrors>({});
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(
      () =>
        inviteMemberAction({
          orgSlug: slug,
          email: String(form.get('email') ?? ''),
          role: String(form.get('role')) as (typeof ORG_ROLES)[number],
        }),
      (invitation) => `Invitation sent to ${invitation.email}.`,
    );
    // Validation errors sit beside their field; Clerk's refusals (already a member, already invited) under the form.
    setErrors(inlineErrors(result, 'form'));
    if (result.ok) formRef.current?.reset();
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
      <Field label="Email address" error={errors.email}>
        {(control) => <Input {...control} name="email" type="email" autoComplete="off" placeholder="teammate@example.com" required />}
      </Field>
      <Field label="Role" error={errors.role}>
        {(control) => (
          <Select {...control} name="role" defaultValue="org:member" className="w-full">
            {ORG_ROLES.map((role) => (
              <option key={role} value={role}>
                {ORG_ROLE_LABELS[role]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Button type="submit" disabled={pending || !hydrated} className="sm:mt-6">
        <Send className="size-4" aria-hidden />
        Send invitation
      </Button>
      <p role="alert" className="text-sm text-destructive empty:hidden sm:col-span-3">
        {errors.form}
      </p>
    </form>
  );
}
