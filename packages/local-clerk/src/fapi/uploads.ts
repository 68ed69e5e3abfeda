import { deletedObjectJSON } from '../serializers/deleted-object';
import { frontendOrganizationJSON } from '../serializers/organization';
import { currentSession, requireMembership, withClient, type FapiContext, FapiRoutes } from './context';

/** Clerk's system permission for changing an organization's profile (name, slug, logo). */
const MANAGE_PROFILE = 'org:sys_profile:manage';

function setOrganizationLogo(ctx: FapiContext, organizationId: string, upload: unknown) {
  const { store, images } = ctx.deps;
  const { organization } = requireMembership(ctx, organizationId, MANAGE_PROFILE);
  const imageId = upload === null ? null : images.save(upload);
  const previous = organization.imageId;
  const updated = store.organizations.update(organization.id, { imageId });
  images.remove(previous);
  return withClient(ctx, frontendOrganizationJSON(store, updated));
}

function setProfileImage(ctx: FapiContext, upload: unknown) {
  const { store, images } = ctx.deps;
  const { user } = currentSession(ctx);
  const imageId = upload === null ? null : images.save(upload);
  const previous = user.imageId;
  store.users.update(user.id, { imageId });
  images.remove(previous);
  if (!imageId) return withClient(ctx, previous ? deletedObjectJSON('image', previous) : { object: 'image', deleted: true });
  // Clerk's image resource: the profile image's id and where it is served.
  return withClient(ctx, { object: 'image', id: imageId, name: imageId, public_url: store.instance.imageUrl(imageId) });
}

/** Organization logos and profile images: kept in the data folder, served at `/v1/images/<id>` (see index.ts). */
export const uploadRoutes = new FapiRoutes('fapi/uploads.ts')
  .on('PUT', '/v1/organizations/:id/logo', (ctx, { id }) => setOrganizationLogo(ctx, id!, ctx.body.file))
  .on('DELETE', '/v1/organizations/:id/logo', (ctx, { id }) => setOrganizationLogo(ctx, id!, null))
  .on('POST', '/v1/me/profile_image', (ctx) => setProfileImage(ctx, ctx.body.file))
  .on('DELETE', '/v1/me/profile_image', (ctx) => setProfileImage(ctx, null));
