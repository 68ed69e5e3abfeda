import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionContext } from './session';

/**
 * The session an API key stands for, while a route handler serves a key request
 * (lib/http/handler.ts runs the guard and the handler inside it): `getSession()` answers it,
 * so every guard, and `can()`, decide for the key as they do for a signed-in user.
 */
export const apiKeySessions = new AsyncLocalStorage<SessionContext>();
