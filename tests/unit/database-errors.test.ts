import { describe, expect, it } from 'vitest';
import { directUrl } from '@/lib/db/client';
import { DatabaseSetupError, explainDatabaseError } from '@/lib/db/errors';

const url = 'postgres://app:hunter2@db.example.com:6543/shop';
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const explain = (error: unknown) => {
  const result = explainDatabaseError(error, url);
  return result instanceof DatabaseSetupError ? result.message : null;
};

describe('explainDatabaseError', () => {
  it.each([
    ['refused', withCode('connect ECONNREFUSED 10.0.0.1:6543', 'ECONNREFUSED'), /nothing accepts connections at db\.example\.com:6543/],
    ['unknown host', withCode('getaddrinfo ENOTFOUND db.example.com', 'ENOTFOUND'), /the host db\.example\.com cannot be found/],
    ['DNS not answering', withCode('getaddrinfo EAI_AGAIN db.example.com', 'EAI_AGAIN'), /cannot be found/],
    ['timeout', new Error('Connection terminated due to connection timeout'), /does not answer/],
    ['wrong password', withCode('password authentication failed for user "app"', '28P01'), /refused the password/],
    [
      'missing database',
      withCode('database "shop" does not exist', '3D000'),
      /the database "shop" does not exist on db\.example\.com\. Fix: create it/,
    ],
    ['SSL not offered', new Error('The server does not support SSL connections'), /asks for SSL but db\.example\.com does not offer it/],
    [
      'SSL required (pg_hba)',
      withCode('no pg_hba.conf entry for host "1.2.3.4", user "app", database "shop", no encryption', '28000'),
      /accepts only SSL connections\. Fix: add \?sslmode=require/,
    ],
    ['SSL required (Neon)', withCode('connection is insecure (try using `sslmode=require`)', 'XX000'), /accepts only SSL/],
    [
      'untrusted certificate',
      withCode('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'),
      /certificate was not accepted/,
    ],
    ['unknown role', withCode('role "app" does not exist', '28000'), /refused this user/],
    ['no connection slots', withCode('sorry, too many clients already', '53300'), /no free connection slots/],
  ])('%s', (_name, error, expected) => {
    const message = explain(error);
    expect(message).toMatch(/^DATABASE_URL \(db\.example\.com:6543\/shop\): /);
    expect(message).toMatch(expected);
    expect(message).toContain('. Fix: ');
    expect(message).not.toContain('hunter2');
  });

  it('finds the fault inside Drizzle’s wrapper and Node’s AggregateError', () => {
    const refused = new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed');
    const wrapped = new Error('Failed query: select 1', { cause: refused });
    expect(explain(wrapped)).toMatch(/nothing accepts connections/);
    const cause = (explainDatabaseError(wrapped, url) as Error).cause;
    expect(cause).toBe(wrapped);
  });

  it('leaves other errors (a failing migration, a bug) unchanged', () => {
    const syntax = withCode('syntax error at or near "CREAT"', '42601');
    expect(explainDatabaseError(syntax, url)).toBe(syntax);
    expect(explainDatabaseError('not an error', url)).toBe('not an error');
  });
});

describe('directUrl', () => {
  it('migrates Neon through the direct host, since its pooler keeps no session locks', () => {
    expect(directUrl('postgres://u:p@ep-cool-123-pooler.eu-central-1.aws.neon.tech/db?sslmode=require')).toBe(
      'postgres://u:p@ep-cool-123.eu-central-1.aws.neon.tech/db?sslmode=require',
    );
    expect(directUrl('postgres://u:p@ep-cool-123.eu-central-1.aws.neon.tech/db')).toBe(
      'postgres://u:p@ep-cool-123.eu-central-1.aws.neon.tech/db',
    );
    expect(directUrl('postgres://u:p@db-pooler.example.com/db')).toBe('postgres://u:p@db-pooler.example.com/db');
  });
});
