import { z } from 'zod';
import { AFTER_AUTH_PATH, SIGN_IN_PATH, SIGN_UP_PATH } from '@/lib/auth/routes';
import { normalizePem } from '@/lib/auth/pem';

/**
 * The single source of truth for configuration. Every variable the app reads is
 * declared here; `.env.example` documents the same list.
 */

const fix = (message: string, how: string) => `${message}. Fix: ${how}`;

const decodePublishableKey = (key: string): string | null => {
  const encoded = key.replace(/^pk_(test|live)_/, '');
  try {
    const decoded = atob(encoded);
    return decoded.endsWith('$') && !decoded.slice(0, -1).includes('$') && decoded.includes('.') ? decoded.slice(0, -1) : null;
  } catch {
    return null;
  }
};

export const publishableKeySchema = z
  .string()
  .regex(
    /^pk_(test|live)_[A-Za-z0-9+/=]+$/,
    fix('must look like pk_test_... or pk_live_...', 'copy it from Clerk Dashboard > API keys, or remove it to use local mode'),
  )
  .refine((key) => decodePublishableKey(key) !== null, {
    message: fix(
      'is not a valid Clerk publishable key (it does not decode to a Frontend API host)',
      'copy it again from Clerk Dashboard > API keys',
    ),
  });

export const frontendApiHost = (publishableKey: string) => decodePublishableKey(publishableKey);

const secretKeySchema = z
  .string()
  .regex(/^sk_(test|live)_\S+$/, fix('must look like sk_test_... or sk_live_...', 'copy it from Clerk Dashboard > API keys'));

const pemPublicKeySchema = z
  .string()
  .transform(normalizePem)
  .pipe(
    z
      .string()
      .regex(
        /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/,
        fix(
          'must be a PEM public key (-----BEGIN PUBLIC KEY-----)',
          'copy "JWKS Public Key > PEM Public Key" from Clerk Dashboard > API keys',
        ),
      ),
  );

const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/=]+$/, fix('must look like whsec_...', "copy the endpoint's Signing Secret from Clerk Dashboard > Webhooks"));

export const databaseUrlSchema = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/\S+$/,
    fix(
      'must be a postgres:// or postgresql:// URL',
      'use the connection string from Neon (or your Postgres), or remove it to use the embedded database',
    ),
  )
  .refine((value) => URL.canParse(value), { message: fix('is not a valid URL', 'check for unescaped characters in the password') });

const relativePath = z.string().startsWith('/', 'must be a path starting with /');
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Variables only the server may read (secrets among them). */
export const serverSchema = z
  .object({
    CLERK_SECRET_KEY: optional(secretKeySchema),
    CLERK_JWT_KEY: optional(pemPublicKeySchema),
    CLERK_API_URL: optional(z.url()),
    /** Comma-separated origins whose session tokens this app accepts (the token's `azp`), e.g. https://app.example.com. */
    CLERK_AUTHORIZED_PARTIES: optional(
      z
        .string()
        .refine(
          (value) => value.split(',').every((origin) => URL.canParse(origin.trim()) && new URL(origin.trim()).origin === origin.trim()),
          {
            message: fix(
              'must be comma-separated origins like https://app.example.com (no path, no trailing slash)',
              'list the origins your app is served from',
            ),
          },
        ),
    ),
    CLERK_WEBHOOK_SIGNING_SECRET: optional(webhookSecretSchema),
    /** The seed's name for the same secret, accepted as an alias. */
    CLERK_WEBHOOK_SECRET: optional(webhookSecretSchema),
    /** 1 = deploy without Clerk's webhook on purpose (a deployment without a signing secret stops otherwise; lib/env/deployment.ts). */
    CLERK_WEBHOOKS_DISABLED: optional(
      z.enum(['1'], { error: fix('must be 1 or unset', 'set it to 1 to deploy without webhooks, or remove it') }),
    ),
    DATABASE_URL: optional(databaseUrlSchema),
    /** Connections in the app's pool (default 10). The launcher sets 1 for the embedded database, which serves one query at a time. */
    DATABASE_POOL_MAX: optional(z.coerce.number().int().positive()),
    UPSTASH_REDIS_REST_URL: optional(z.url()),
    UPSTASH_REDIS_REST_TOKEN: optional(z.string().min(1)),
    /** Requests per window per caller on /api/* (lib/rate-limit reads them; defaults 10 per 10 000 ms). */
    RATE_LIMIT_MAX: optional(z.coerce.number().int().positive()),
    RATE_LIMIT_WINDOW_MS: optional(z.coerce.number().int().positive()),
    /**
     * Proxies in front of the app that append the caller's address to X-Forwarded-For; a signed-out caller's rate-limit
     * address is the entry that many from the right (lib/rate-limit/config.ts, docs/security.md). Unset: Vercel's own
     * header on Vercel, else no address is trusted and signed-out callers share one limit per route group.
     */
    TRUSTED_PROXY_HOPS: optional(
      z.string().regex(/^\s*(\d|10)\s*$/, {
        message: fix(
          'must be the number of proxies in front of the app that append to X-Forwarded-For (0 to 10)',
          'set it to 1 behind one proxy (nginx, a load balancer, Fly, Render), or remove it (on Vercel, or with no proxy)',
        ),
      }),
    ),
    /** `1` sends the Content-Security-Policy as Content-Security-Policy-Report-Only: violations are reported, nothing is blocked (lib/security/csp.ts). */
    CSP_REPORT_ONLY: optional(
      z.enum(['0', '1'], {
        message: fix('must be 1 or 0', 'set CSP_REPORT_ONLY=1 to only report violations, or remove it to enforce the policy'),
      }),
    ),
    /** Where browsers send CSP violation reports: `/api/csp-report` (this app logs them) or a collector's https URL. Unset: no reports. */
    CSP_REPORT_URL: optional(
      z
        .string()
        .refine(
          (value) => (value.startsWith('/') && !value.startsWith('//')) || (URL.canParse(value) && new URL(value).protocol === 'https:'),
          {
            message: fix(
              'must be a path like /api/csp-report or an https:// URL',
              'set it to /api/csp-report, or remove it to send no reports',
            ),
          },
        ),
    ),
    /**
     * Local mode's Dashboard settings (README > Going live): organization membership and MFA,
     * each `required` or `optional`. Unset: Clerk's defaults for a new application.
     */
    CLERK_LOCAL_MEMBERSHIP: optional(
      z.enum(['required', 'optional'], {
        message: fix('must be required or optional', 'set CLERK_LOCAL_MEMBERSHIP=optional to allow users without an organization'),
      }),
    ),
    CLERK_LOCAL_MFA: optional(
      z.enum(['required', 'optional'], {
        message: fix('must be required or optional', 'set CLERK_LOCAL_MFA=required to make every user enroll a second factor'),
      }),
    ),
    /**
     * Observability (docs/observability.md). An OTLP/HTTP collector: set, instrumentation.ts loads OpenTelemetry and
     * exports traces there (`/v1/traces` is appended); unset, nothing is loaded or sent.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: optional(
      z.url({
        message: fix("must be the collector's base URL, e.g. https://api.honeycomb.io", 'copy it from your collector, or remove it'),
      }),
    ),
    /** Headers for the collector, `key=value` comma-separated (e.g. `x-honeycomb-team=…`): a secret. */
    OTEL_EXPORTER_OTLP_HEADERS: optional(
      z
        .string()
        .regex(/^[^=,]+=[^,]*(,[^=,]+=[^,]*)*$/, fix('must be key=value pairs separated by commas', 'e.g. x-honeycomb-team=YOUR_KEY')),
    ),
    OTEL_EXPORTER_OTLP_PROTOCOL: optional(
      z.enum(['http/protobuf', 'http/json'], { message: fix('must be http/protobuf or http/json', 'remove it for http/protobuf') }),
    ),
    /** The service name traces carry (default saas-starter). */
    OTEL_SERVICE_NAME: optional(z.string().min(1)),
    /** Sentry's DSN (Project Settings > Client Keys): set, server errors are also sent to Sentry; unset, Sentry is never loaded. */
    SENTRY_DSN: optional(
      z
        .url()
        .regex(
          /^https?:\/\/[^@/\s]+@[^/\s]+\/.+$/,
          fix('must look like https://<key>@<host>/<project id>', 'copy the DSN from Sentry > Project Settings > Client Keys'),
        ),
    ),
    /** The environment Sentry files errors under (default: VERCEL_ENV, else NODE_ENV). */
    SENTRY_ENVIRONMENT: optional(z.string().min(1)),
    /** Set by the launcher in local mode (never set it by hand). */
    CLERK_LOCAL_MODE: optional(z.enum(['1'])),
    CLERK_LOCAL_FAPI_URL: optional(z.url()),
  })
  .refine((env) => Boolean(env.UPSTASH_REDIS_REST_URL) === Boolean(env.UPSTASH_REDIS_REST_TOKEN), {
    message: fix(
      'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together',
      'set both (Upstash console > REST API) or neither',
    ),
    path: ['UPSTASH_REDIS_REST_URL'],
  });

/** Variables that are inlined into browser bundles: never put a secret here. */
export const publicSchema = z.object({
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optional(publishableKeySchema),
  NEXT_PUBLIC_CLERK_SIGN_IN_URL: relativePath.default(SIGN_IN_PATH),
  NEXT_PUBLIC_CLERK_SIGN_UP_URL: relativePath.default(SIGN_UP_PATH),
  NEXT_PUBLIC_CLERK_SIGN_IN_FALLBACK_REDIRECT_URL: relativePath.default(AFTER_AUTH_PATH),
  NEXT_PUBLIC_CLERK_SIGN_UP_FALLBACK_REDIRECT_URL: relativePath.default(AFTER_AUTH_PATH),
});

export type ServerEnv = z.infer<typeof serverSchema>;
export type PublicEnv = z.infer<typeof publicSchema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
}
