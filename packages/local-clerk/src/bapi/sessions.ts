/** Sessions: list, read, revoke. */
import { notFound } from '../errors';
import { paginate, Routes } from '../http';
import { backendSessionJSON } from '../serializers/session';
import { ok, sortBy, type BapiContext } from './context';

export const sessionRoutes = new Routes<BapiContext>('bapi/sessions.ts')
  .on('GET', '/v1/sessions', ({ store, query }) => {
    const userId = query.get('user_id');
    const clientId = query.get('client_id');
    const status = query.get('status');
    const sessions = store.sessions
      .list()
      .filter(
        (session) =>
          (!userId || session.userId === userId) &&
          (!clientId || session.clientId === clientId) &&
          (!status || store.sessions.statusOf(session) === status),
      );
    const sorted = sortBy(sessions, null, { created_at: (session) => session.createdAt });
    return ok(paginate(query, sorted).map((session) => backendSessionJSON(store, session)));
  })
  .on('GET', '/v1/sessions/:id', ({ store }, { id }) => {
    const session = store.sessions.get(id!);
    if (!session) throw notFound('session');
    return ok(backendSessionJSON(store, session));
  })
  .on('POST', '/v1/sessions/:id/revoke', ({ store }, { id }) => ok(backendSessionJSON(store, store.sessions.end(id!, 'revoked'))));
