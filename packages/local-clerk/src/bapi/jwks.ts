/** The instance's public key, for verifying session tokens offline. */
import { Routes } from '../http';
import { publicJwk } from '../tokens';
import { ok, type BapiContext } from './context';

export const jwksRoutes = new Routes<BapiContext>('bapi/jwks.ts').on('GET', '/v1/jwks', ({ keys }) => ok({ keys: [publicJwk(keys)] }));
