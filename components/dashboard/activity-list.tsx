import { History } from 'lucide-react';
import { displayName, formatDate } from '@/components/org/format';
import { EmptyState } from '@/components/ui/empty-state';
import { isOrgRole } from '@/lib/auth/permissions';
import { orgPath } from '@/lib/auth/routes';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import type { ActivityEntry, TenantAuditAction } from '@/lib/audit/log';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const quoted = (value: unknown) => (text(value) ? ` “${text(value)}”` : '');

/** What each audited action reads as, after the actor's name. */
const DESCRIBE: Record<TenantAuditAction, (metadata: Record<string, unknown>) => string> = {
  'project.created': (m) => `created the project${quoted(m.name)}`,
  'project.updated': (m) => {
    const renamed = (m.changes as { name?: { to?: unknown } } | undefined)?.name?.to;
    return renamed ? `renamed a project to${quoted(renamed)}` : 'edited a project';
  },
  'project.deleted': (m) => `deleted the project${quoted(m.name)}`,
  'member.role_changed': (m) => `made a member ${isOrgRole(m.role) ? ORG_ROLE_LABELS[m.role].toLowerCase() : 'change role'}`,
  'member.removed': () => 'removed a member',
  'invitation.created': (m) => `invited ${text(m.email) || 'someone'}`,
  'invitation.revoked': () => 'revoked an invitation',
  'invitation.declined': () => 'declined an invitation',
  'organization.renamed': (m) => `renamed the organization${quoted(m.name)}`,
  'organization.slug_changed': (m) => `changed the address to ${orgPath(text(m.slug))}`,
  'organization.deleted': () => 'deleted the organization',
};

/** Who did what, when: the organization's audit log, newest first. */
export function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  if (entries.length === 0) {
    return (
      <EmptyState icon={History} title="Nothing has happened yet">
        Creating a project or inviting someone shows up here.
      </EmptyState>
    );
  }
  return (
    <ol className="divide-y" aria-label="Recent activity">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 py-2 text-sm">
          <span className="min-w-0 break-words">
            <strong className="font-medium">
              {entry.via?.type === 'api_key'
                ? `API key “${entry.via.name}”`
                : entry.actor.userId
                  ? displayName({ ...entry.actor, userId: entry.actor.userId })
                  : 'Clerk'}
            </strong>{' '}
            {entry.via?.type === 'impersonator' && <span className="text-muted-foreground">(impersonated by an admin) </span>}
            {DESCRIBE[entry.action](entry.metadata)}
          </span>
          <time className="shrink-0 text-muted-foreground" dateTime={entry.createdAt.toISOString()}>
            {formatDate(entry.createdAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}
