import fs from 'node:fs';
import path from 'node:path';
import type {
  ActorTokenRecord,
  ApiKeyRecord,
  ClientRecord,
  Emit,
  InvitationRecord,
  MembershipRecord,
  OrganizationRecord,
  SessionRecord,
  SignInRecord,
  SignInTokenRecord,
  SignUpRecord,
  StoreEvent,
  TestingTokenRecord,
  UserRecord,
} from './records';
import type { BillingState } from './billing-records';

export interface StoreState {
  version: 1;
  users: Record<string, UserRecord>;
  organizations: Record<string, OrganizationRecord>;
  memberships: Record<string, MembershipRecord>;
  invitations: Record<string, InvitationRecord>;
  clients: Record<string, ClientRecord>;
  sessions: Record<string, SessionRecord>;
  signIns: Record<string, SignInRecord>;
  signUps: Record<string, SignUpRecord>;
  signInTokens: Record<string, SignInTokenRecord>;
  testingTokens: Record<string, TestingTokenRecord>;
  apiKeys: Record<string, ApiKeyRecord>;
  actorTokens: Record<string, ActorTokenRecord>;
  billing: BillingState;
}

const emptyState = (): StoreState => ({
  version: 1,
  users: {},
  organizations: {},
  memberships: {},
  invitations: {},
  clients: {},
  sessions: {},
  signIns: {},
  signUps: {},
  signInTokens: {},
  testingTokens: {},
  apiKeys: {},
  actorTokens: {},
  billing: { subscriptions: {}, checkouts: {}, payments: {} },
});

/** The state every resource shares: one JSON file, one clock, one list of listeners. */
export class StoreCore {
  private readonly listeners: Array<(event: StoreEvent) => void> = [];
  private lastTimestamp = 0;

  private constructor(
    private readonly file: string | null,
    readonly state: StoreState,
    /** True when nothing was persisted before: the first run. */
    readonly isNew: boolean,
  ) {}

  /** Opens the state persisted at `file` (created on first change), or an in-memory one. */
  static open(file: string | null): StoreCore {
    if (file && fs.existsSync(file)) {
      let state: StoreState;
      try {
        state = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreState;
      } catch (error) {
        throw new Error(
          `${file} is unreadable (${(error as Error).message}). Fix: delete it; the stand-in then starts over (with the seed, if one is configured)`,
        );
      }
      return new StoreCore(file, { ...emptyState(), ...state }, false);
    }
    return new StoreCore(file, emptyState(), true);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Milliseconds, strictly increasing: consumers order changes by `updated_at`. */
  now(): number {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  private readonly emit: Emit = (event) => {
    for (const listener of this.listeners) listener(event);
  };

  private save() {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }

  /**
   * Runs a change and persists it. Events are published as they happen, so a
   * listener sees the records an event refers to (a membership's user and
   * organization are still there when its deletion is announced).
   */
  change<T>(apply: (emit: Emit) => T): T {
    const result = apply(this.emit);
    this.save();
    return result;
  }
}
