import { describe, expect, it } from 'vitest';
import { LOCAL_FRONTEND_API_HOST, assertLocalModeAllowed, resolveAuthMode } from '@/lib/env/mode';
import { EnvError, frontendApiHost, parseEnv, publicSchema, serverSchema } from '@/lib/env/schema';

const pk = (host: string) => `pk_test_${Buffer.from(`${host}$`).toString('base64')}`;
const localPk = `pk_live_${Buffer.from(`${LOCAL_FRONTEND_API_HOST}$`).toString('base64')}`;

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as EnvError;
  }
  throw new Error('expected an EnvError');
};

describe('env schema', () => {
  it('accepts a valid configuration and fills defaults', () => {
    const env = parseEnv(publicSchema, { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: pk('clerk.example.com') });
    expect(env.NEXT_PUBLIC_CLERK_SIGN_IN_URL).toBe('/sign-in');
    expect(env.NEXT_PUBLIC_CLERK_SIGN_IN_FALLBACK_REDIRECT_URL).toBe('/dashboard');
  });

  it('names a malformed publishable key and says how to fix it', () => {
    const error = errorOf(() => parseEnv(publicSchema, { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_abc' }));
    expect(error).toBeInstanceOf(EnvError);
    expect(error.message).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: .*Fix: /);
  });

  it.each([
    ['CLERK_SECRET_KEY', 'secret'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['CLERK_WEBHOOK_SIGNING_SECRET', 'not-a-secret'],
    ['CLERK_JWT_KEY', '-----BEGIN RSA PUBLIC KEY-----\nabc\n-----END RSA PUBLIC KEY-----'],
  ])('names %s when it is malformed', (name, value) => {
    const error = errorOf(() => parseEnv(serverSchema, { [name]: value }));
    expect(error.issues.join('\n')).toMatch(new RegExp(`^${name}: .*Fix: `, 'm'));
  });

  it('accepts authorized parties only as bare origins', () => {
    expect(
      parseEnv(serverSchema, { CLERK_AUTHORIZED_PARTIES: 'https://app.example.com, http://localhost:3000' }).CLERK_AUTHORIZED_PARTIES,
    ).toBe('https://app.example.com, http://localhost:3000');
    expect(() => parseEnv(serverSchema, { CLERK_AUTHORIZED_PARTIES: 'https://app.example.com/' })).toThrow(
      /CLERK_AUTHORIZED_PARTIES: .*Fix: /,
    );
  });

  it('accepts a CSP report path or https URL and a 0/1 report-only switch, naming the variable otherwise', () => {
    expect(parseEnv(serverSchema, { CSP_REPORT_URL: '/api/csp-report', CSP_REPORT_ONLY: '1' }).CSP_REPORT_URL).toBe('/api/csp-report');
    expect(parseEnv(serverSchema, { CSP_REPORT_URL: 'https://collector.example.com/csp' }).CSP_REPORT_URL).toBe(
      'https://collector.example.com/csp',
    );
    expect(() => parseEnv(serverSchema, { CSP_REPORT_URL: 'http://collector.example.com/csp' })).toThrow(/CSP_REPORT_URL: .*Fix: /);
    expect(() => parseEnv(serverSchema, { CSP_REPORT_URL: '//evil.test/csp' })).toThrow(/CSP_REPORT_URL: .*Fix: /);
    expect(() => parseEnv(serverSchema, { CSP_REPORT_ONLY: 'yes' })).toThrow(/CSP_REPORT_ONLY: .*Fix: /);
  });

  it('accepts 0 to 10 trusted proxy hops, naming TRUSTED_PROXY_HOPS and the fix otherwise', () => {
    expect(parseEnv(serverSchema, { TRUSTED_PROXY_HOPS: '1' }).TRUSTED_PROXY_HOPS).toBe('1');
    expect(parseEnv(serverSchema, { TRUSTED_PROXY_HOPS: '0' }).TRUSTED_PROXY_HOPS).toBe('0');
    for (const value of ['-1', '11', 'yes', '1.5']) {
      const parse = () => parseEnv(serverSchema, { TRUSTED_PROXY_HOPS: value });
      expect(parse, value).toThrow(/TRUSTED_PROXY_HOPS: must be the number of proxies.*Fix: set it to 1/);
    }
  });

  it("reads local mode's Dashboard settings as required or optional, naming the variable and the fix otherwise", () => {
    const parsed = parseEnv(serverSchema, { CLERK_LOCAL_MEMBERSHIP: 'optional', CLERK_LOCAL_MFA: 'required' });
    expect([parsed.CLERK_LOCAL_MEMBERSHIP, parsed.CLERK_LOCAL_MFA]).toEqual(['optional', 'required']);
    expect(parseEnv(serverSchema, {}).CLERK_LOCAL_MEMBERSHIP).toBeUndefined();
    expect(() => parseEnv(serverSchema, { CLERK_LOCAL_MEMBERSHIP: 'off' })).toThrow(
      /CLERK_LOCAL_MEMBERSHIP: must be required or optional.*Fix: /,
    );
    expect(() => parseEnv(serverSchema, { CLERK_LOCAL_MFA: 'yes' })).toThrow(/CLERK_LOCAL_MFA: must be required or optional.*Fix: /);
  });

  it('requires both Upstash variables or neither', () => {
    const error = errorOf(() => parseEnv(serverSchema, { UPSTASH_REDIS_REST_URL: 'https://example.upstash.io' }));
    expect(error.message).toContain('UPSTASH_REDIS_REST_URL');
  });

  it('treats empty strings as unset and accepts escaped newlines in the JWT key', () => {
    const env = parseEnv(serverSchema, {
      DATABASE_URL: '',
      CLERK_JWT_KEY: '-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.CLERK_JWT_KEY).toBe('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----');
  });

  it('decodes the Frontend API host from a publishable key', () => {
    expect(frontendApiHost(pk('clerk.example.com'))).toBe('clerk.example.com');
    expect(frontendApiHost('pk_test_bm9wZQ==')).toBeNull();
  });
});

describe('auth mode', () => {
  const keys = { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: pk('clerk.example.com'), CLERK_SECRET_KEY: 'sk_test_x' };

  it('uses Clerk when both keys are set, in any environment', () => {
    expect(resolveAuthMode(keys, false)).toBe('clerk');
    expect(resolveAuthMode({ ...keys, VERCEL: '1' }, true)).toBe('clerk');
  });

  it('refuses half a key pair, naming the missing variable', () => {
    expect(() => resolveAuthMode({ CLERK_SECRET_KEY: 'sk_test_x' }, false)).toThrow(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: is missing/);
  });

  it('runs local mode in development with no keys', () => {
    expect(resolveAuthMode({}, false)).toBe('local');
  });

  it('refuses local mode on a deployment platform', () => {
    expect(() => resolveAuthMode({ VERCEL: '1' }, false)).toThrow(/VERCEL says this is a deployment/);
  });

  it('allows local mode in a production build only with the explicit opt-in', () => {
    expect(() => resolveAuthMode({}, true)).toThrow(/CLERK_LOCAL_MODE_ALLOW_PRODUCTION=1/);
    expect(resolveAuthMode({ CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '1' }, true)).toBe('local');
  });

  it('refuses a local-mode flag combined with real keys or a deployment at run time', () => {
    expect(() => assertLocalModeAllowed({ CLERK_LOCAL_MODE: '1', ...keys })).toThrow(/real Clerk keys/);
    expect(() => assertLocalModeAllowed({ CLERK_LOCAL_MODE: '1', NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: localPk, VERCEL: '1' })).toThrow(
      /deployment/,
    );
    expect(() => assertLocalModeAllowed({ CLERK_LOCAL_MODE: '1', NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: localPk })).not.toThrow();
  });
});
