import { invalidParam, notFound } from '../errors';
import { newId } from '../ids';
import type { StoreParts } from './types';
import type { Metadata, OrganizationRecord } from './records';

export interface NewOrganization {
  name: string;
  slug?: string | null;
  createdBy?: string | null;
  publicMetadata?: Metadata;
  privateMetadata?: Metadata;
  maxAllowedMemberships?: number;
}

export type OrganizationPatch = Partial<
  Pick<OrganizationRecord, 'name' | 'slug' | 'publicMetadata' | 'privateMetadata' | 'maxAllowedMemberships' | 'imageId'>
>;

const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'organization';

export class Organizations {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  list(): OrganizationRecord[] {
    return Object.values(this.core.state.organizations);
  }

  private get bySlug() {
    return this.core.index('organizations', 'slug', (organization) => [organization.slug]);
  }

  get(idOrSlug: string): OrganizationRecord | undefined {
    return this.core.state.organizations[idOrSlug] ?? this.withSlug(idOrSlug);
  }

  private withSlug(slug: string): OrganizationRecord | undefined {
    return this.bySlug
      .ids(slug)
      .map((id) => this.core.state.organizations[id])
      .find((organization) => organization?.slug === slug);
  }

  require(idOrSlug: string): OrganizationRecord {
    const organization = this.get(idOrSlug);
    if (!organization) throw notFound('organization');
    return organization;
  }

  private assertSlugAvailable(slug: string, exceptId?: string) {
    const holder = this.withSlug(slug);
    if (holder && holder.id !== exceptId) {
      throw invalidParam('slug', 'form_identifier_exists', 'This slug is taken. Please try another.');
    }
  }

  private freeSlug(base: string): string {
    if (!this.withSlug(base)) return base;
    for (let n = 2; ; n++) if (!this.withSlug(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** With `createdBy`, the creator becomes a member with the instance's creator role, as in Clerk. */
  create(input: NewOrganization): OrganizationRecord {
    const slug = input.slug ? slugify(input.slug) : this.freeSlug(slugify(input.name));
    this.assertSlugAvailable(slug);
    if (input.createdBy) this.store.users.require(input.createdBy);
    return this.core.change((emit) => {
      const now = this.core.now();
      const organization: OrganizationRecord = {
        id: newId('org'),
        name: input.name,
        slug,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        maxAllowedMemberships: input.maxAllowedMemberships ?? 0,
        createdBy: input.createdBy ?? null,
        createdAt: now,
        updatedAt: now,
      };
      this.core.state.organizations[organization.id] = organization;
      emit({ type: 'organization.created', organization });
      if (input.createdBy) this.store.memberships.insert(organization.id, input.createdBy, this.store.instance.config.creatorOrgRole, emit);
      return organization;
    });
  }

  update(idOrSlug: string, patch: OrganizationPatch): OrganizationRecord {
    const organization = this.require(idOrSlug);
    const slug = patch.slug ? slugify(patch.slug) : undefined;
    if (slug) this.assertSlugAvailable(slug, organization.id);
    return this.core.change((emit) => {
      Object.assign(organization, patch, slug ? { slug } : {}, { updatedAt: this.core.now() });
      emit({ type: 'organization.updated', organization });
      return organization;
    });
  }

  /** Deletes the organization with its memberships (announced first) and invitations; sessions on it fall back to the personal account. */
  delete(idOrSlug: string): OrganizationRecord {
    const organization = this.require(idOrSlug);
    const { state } = this.core;
    return this.core.change((emit) => {
      for (const membership of this.store.memberships.list({ organizationId: organization.id })) {
        delete state.memberships[membership.id];
        emit({ type: 'organizationMembership.deleted', membership });
      }
      for (const invitation of this.store.invitations.list({ organizationId: organization.id })) {
        delete state.invitations[invitation.id];
      }
      for (const session of this.store.sessions.list()) {
        if (session.lastActiveOrganizationId === organization.id) session.lastActiveOrganizationId = null;
      }
      delete state.organizations[organization.id];
      emit({ type: 'organization.deleted', organization });
      return organization;
    });
  }
}
