import { Badge } from '@/components/ui/badge';
import { ORG_ROLE_AS_APP_ROLE, effectiveRole, type AppRole, type OrgRole } from '@/lib/auth/permissions';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';

/**
 * The organization role, plus the app role when that one decides instead (the
 * stronger of the two governs projects): a manager who is `org:member` shows
 * "Member", and "manager (app role)".
 */
export function OrgRoleBadge({ orgRole, appRole }: { orgRole: OrgRole; appRole: AppRole | null }) {
  const governing = effectiveRole({ role: appRole, orgRole }, 'projects');
  const fromApp = governing !== null && governing !== ORG_ROLE_AS_APP_ROLE[orgRole];
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge>{ORG_ROLE_LABELS[orgRole]}</Badge>
      {fromApp && (
        <Badge className="border-primary/40 text-primary" title={`Your app role (${governing}) is stronger here: it decides what you can do with projects.`}>
          {governing} (app role)
        </Badge>
      )}
    </span>
  );
}
