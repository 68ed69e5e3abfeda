/** Sessions: the Backend API's, the Frontend API's (with its user and token) and the profile's active devices. */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, SessionRecord } from '../store';
import { describeUserAgent } from '../user-agent';
import { publicUserData } from './public-data';
import { frontendUserJSON } from './user';

/** A session's pending tasks as both APIs list them (the spec's `SessionTask`, `{ key }`); `null` when there are none. */
export function sessionTasksJSON(store: LocalClerkStore, session: SessionRecord): Frontend.SessionTask[] | null {
  const tasks = store.sessions.tasks(session);
  return tasks.length ? tasks.map((key) => ({ key })) : null;
}

/** @clerk/backend's SessionJSON lacks the spec's `tasks`. */
export type BackendSessionWire = Backend.SessionJSON & { tasks: Frontend.SessionTask[] | null };

/** The Backend API's session has no `user` (read it with `users.getUser(user_id)`); session webhooks add it (`sessionEventJSON`). */
export function backendSessionJSON(store: LocalClerkStore, session: SessionRecord): BackendSessionWire {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: store.sessions.statusOf(session),
    tasks: sessionTasksJSON(store, session),
    last_active_organization_id: session.lastActiveOrganizationId ?? undefined,
    actor: session.actor ?? null,
    last_active_at: session.lastActiveAt,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** `fva`: minutes since each factor was verified, -1 for a second factor the user does not have. */
const factorAges = (first: number, second: number | null): [number, number] => [
  Math.floor((Date.now() - first) / 60_000),
  second ? Math.floor((Date.now() - second) / 60_000) : -1,
];

/** An ended session carries no token (`null` on the wire, as the spec allows and the shared type does not). */
export function frontendSessionJSON(store: LocalClerkStore, session: SessionRecord, token: string | null): Frontend.SessionJSON {
  const user = store.users.require(session.userId);
  return {
    object: 'session',
    id: session.id,
    status: store.sessions.statusOf(session),
    factor_verification_age: factorAges(session.firstFactorVerifiedAt, store.sessions.secondFactorVerifiedAt(session)),
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_token: (token ? { object: 'token', jwt: token } : null) as Frontend.TokenJSON,
    last_active_organization_id: session.lastActiveOrganizationId,
    actor: (session.actor ?? null) as Frontend.SessionJSON['actor'],
    tasks: sessionTasksJSON(store, session),
    user: frontendUserJSON(store, user),
    public_user_data: publicUserData(store, user.id),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/**
 * A session in the profile's active devices list: the spec's session base and its latest
 * activity (the browser as its client last showed it). No token: it belongs to another device.
 * No city or country: local mode has no geolocation.
 */
export function frontendSessionWithActivitiesJSON(
  store: LocalClerkStore,
  session: SessionRecord,
): Pick<
  Frontend.SessionWithActivitiesJSON,
  'object' | 'id' | 'status' | 'expire_at' | 'abandon_at' | 'last_active_at' | 'actor' | 'latest_activity'
> {
  const activity = store.clients.get(session.clientId)?.activity;
  const device = describeUserAgent(activity?.userAgent ?? '');
  return {
    object: 'session',
    id: session.id,
    status: store.sessions.statusOf(session),
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    actor: (session.actor ?? null) as Frontend.SessionJSON['actor'],
    latest_activity: {
      object: 'session_activity',
      id: activity?.id ?? `sess_activity_${session.id.slice('sess_'.length)}`,
      browser_name: device.browserName,
      browser_version: device.browserVersion,
      device_type: device.deviceType,
      is_mobile: device.isMobile,
      ip_address: activity?.ipAddress ?? '',
    },
  };
}
