import { Badge } from '@/components/ui/badge';
import { ACTIONS, can, type AppRole, type OrgRole } from '@/lib/auth/permissions';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';

/**
 * The organization role, plus the app role when that one lets the user do more
 * with projects (either role is enough in the matrix): a manager who is
 * `org:member` shows "Member", and "manager (app role)".
 */
export function OrgRoleBadge({ orgRole, appRole }: { orgRole: OrgRole; appRole: AppRole | null }) {
  const fromApp = ACTIONS.some((action) => can({ role: appRole }, 'projects', action) && !can({ role: null, orgRole }, 'projects', action));
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge>{ORG_ROLE_LABELS[orgRole]}</Badge>
      {fromApp && (
        <Badge className="border-primary/40 text-primary" title={`Your app role (${appRole}) lets you do more with projects here.`}>
          {appRole} (app role)
        </Badge>
      )}
    </span>
  );
}
