/** Testing tokens (Backend API), for `@clerk/testing`. */
import type * as Backend from '@clerk/backend';
import type { TestingTokenRecord } from '../store';

/** `expires_at` in Unix seconds, as the spec's example has it (unlike Clerk's other timestamps). */
export const backendTestingTokenJSON = (record: TestingTokenRecord): Backend.TestingTokenJSON => ({
  object: 'testing_token',
  token: record.token,
  expires_at: Math.floor(record.expiresAt / 1000),
});
