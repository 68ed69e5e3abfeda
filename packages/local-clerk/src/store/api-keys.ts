import { randomBytes } from 'node:crypto';
import { ClerkApiError, invalidParam, notFound } from '../errors';
import { randomBase62 } from '../ids';
import type { ApiKeyRecord } from './records';
import type { StoreParts } from './types';

export interface NewApiKey {
  subject: string;
  name: string;
  description?: string | null;
  scopes?: string[];
  claims?: Record<string, unknown> | null;
  createdBy?: string | null;
  secondsUntilExpiration?: number | null;
}

export interface ApiKeyFilter {
  subject: string;
  /** Revoked and expired keys too (`include_invalid=true`). */
  includeInvalid?: boolean;
  /** A part of the name, case-insensitive. */
  query?: string;
}

/** Clerk's ids: `ak_` and 32 hex digits. The secret has the same prefix, which is how SDKs tell a key from a JWT. */
const newApiKeyId = () => `ak_${randomBytes(16).toString('hex')}`;
const newSecret = () => `ak_${randomBase62(32)}`;

/** Neither revoked nor past its expiration. */
export const isUsable = (key: ApiKeyRecord, now = Date.now()) => !key.revoked && !isExpired(key, now);
export const isExpired = (key: ApiKeyRecord, now = Date.now()) => key.expiration !== null && key.expiration <= now;

/** API keys of users and organizations: created, listed, revoked, and verified by their secret. */
export class ApiKeys {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  /** A subject the instance has: a user or an organization (a 422 on `subject` otherwise). */
  private requireSubject(subject: string) {
    const exists = subject.startsWith('user_')
      ? Boolean(this.store.users.get(subject))
      : subject.startsWith('org_') && this.store.organizations.list().some((organization) => organization.id === subject);
    if (!exists) throw invalidParam('subject', 'form_param_value_invalid', 'subject is invalid', `No user or organization ${subject}.`);
  }

  create(input: NewApiKey): ApiKeyRecord {
    this.requireSubject(input.subject);
    if (input.createdBy) this.store.users.require(input.createdBy);
    if (this.list({ subject: input.subject }).some((key) => key.name === input.name))
      throw new ClerkApiError(409, 'token_creation_conflict', 'API key name already exists', `An API key named ${input.name} exists.`);
    return this.core.change(() => {
      const now = this.core.now();
      const record: ApiKeyRecord = {
        id: newApiKeyId(),
        subject: input.subject,
        name: input.name,
        description: input.description ?? null,
        scopes: input.scopes ?? [],
        claims: input.claims ?? null,
        secret: newSecret(),
        createdBy: input.createdBy ?? null,
        revoked: false,
        revocationReason: null,
        expiration: input.secondsUntilExpiration ? now + input.secondsUntilExpiration * 1000 : null,
        lastUsedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      this.core.state.apiKeys[record.id] = record;
      return record;
    });
  }

  /** Newest first, as Clerk lists them. */
  list({ subject, includeInvalid = false, query }: ApiKeyFilter): ApiKeyRecord[] {
    const needle = query?.trim().toLowerCase();
    return Object.values(this.core.state.apiKeys)
      .filter((key) => key.subject === subject && (includeInvalid || isUsable(key)))
      .filter((key) => !needle || key.name.toLowerCase().includes(needle))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  require(id: string): ApiKeyRecord {
    const record = this.core.state.apiKeys[id];
    if (!record) throw notFound('API key');
    return record;
  }

  revoke(id: string, reason: string | null = null): ApiKeyRecord {
    const record = this.require(id);
    return this.core.change(() =>
      Object.assign(record, { revoked: true, revocationReason: reason ?? record.revocationReason, updatedAt: this.core.now() }),
    );
  }

  /** The key a secret belongs to, if it may be used; its `last_used_at` moves. Unknown, revoked and expired answer 404 alike. */
  verify(secret: string): ApiKeyRecord {
    const record = Object.values(this.core.state.apiKeys).find((key) => key.secret === secret);
    if (!record) throw notFound('API key');
    if (!isUsable(record))
      throw new ClerkApiError(404, 'resource_not_found', 'not found', `The API key is ${record.revoked ? 'revoked' : 'expired'}.`);
    return this.core.change(() => Object.assign(record, { lastUsedAt: this.core.now() }));
  }
}
