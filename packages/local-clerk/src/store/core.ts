import fs from 'node:fs';
import { Journal, writeFileAtomic } from '../journal';
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

/** Every map of records in the state, by name (`billing.payments` for a nested one). */
type Collections = Omit<StoreState, 'version' | 'billing'> & { [K in keyof BillingState as `billing.${K}`]: BillingState[K] };
export type CollectionName = keyof Collections;
export type RecordOf<N extends CollectionName> = Collections[N][string];

/** Written out so that a map added to StoreState is a type error until it is journaled too. */
const COLLECTIONS: Record<CollectionName, (state: StoreState) => Record<string, object>> = {
  users: (state) => state.users,
  organizations: (state) => state.organizations,
  memberships: (state) => state.memberships,
  invitations: (state) => state.invitations,
  clients: (state) => state.clients,
  sessions: (state) => state.sessions,
  signIns: (state) => state.signIns,
  signUps: (state) => state.signUps,
  signInTokens: (state) => state.signInTokens,
  testingTokens: (state) => state.testingTokens,
  apiKeys: (state) => state.apiKeys,
  actorTokens: (state) => state.actorTokens,
  'billing.subscriptions': (state) => state.billing.subscriptions,
  'billing.checkouts': (state) => state.billing.checkouts,
  'billing.payments': (state) => state.billing.payments,
};
const NAMES = Object.keys(COLLECTIONS) as CollectionName[];

/** One journal line: a change's records, each `[collection, key, record]`, or `[collection, key]` once deleted. */
type JournalEntry = [CollectionName, string, object?];

/** The journal is folded into a new snapshot once it outgrows the snapshot (and this): writes stay linear overall. */
const MIN_COMPACTION_BYTES = 4 * 2 ** 20;

/** Lookups by a derived key (an email address, a slug, a parent's id), kept current as records change. */
export class RecordIndex<T> {
  private readonly idsByKey = new Map<string, Set<string>>();
  private readonly keysById = new Map<string, string[]>();

  constructor(private readonly keysOf: (record: T) => string[]) {}

  update(id: string, record: T | undefined) {
    const next = record === undefined ? [] : this.keysOf(record);
    const previous = this.keysById.get(id) ?? [];
    for (const key of previous) {
      if (next.includes(key)) continue;
      const ids = this.idsByKey.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.idsByKey.delete(key);
    }
    for (const key of next) {
      if (previous.includes(key)) continue;
      const ids = this.idsByKey.get(key) ?? new Set();
      this.idsByKey.set(key, ids.add(id));
    }
    if (next.length) this.keysById.set(id, next);
    else this.keysById.delete(id);
  }

  /** The ids of the records with this key, in the order they got it. */
  ids(key: string): string[] {
    return [...(this.idsByKey.get(key) ?? [])];
  }
}

type Root = readonly [CollectionName, string];
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * The state every resource shares: one clock, one list of listeners, and the
 * records, persisted as a snapshot (`store.json`) plus a journal of the
 * changes since (`store.journal`).
 *
 * The parts change records in place (`user.firstName = ...`, `items.push(...)`).
 * So that each change writes only what it touched, the maps in `state` are
 * proxies: a record read from them comes back as a proxy too (nested objects
 * included), and any write through one marks its record. `change()` then
 * appends the marked records to the journal as one line, so a write costs
 * the same at 10 records as at 100,000, and no part has to name what it
 * changed. The proxies also keep the indexes (`index()`) current.
 */
export class StoreCore {
  private readonly listeners: Array<(event: StoreEvent) => void> = [];
  private lastTimestamp = 0;
  /** The records themselves: only the proxies in `state` are handed out. */
  private readonly raw: StoreState;
  readonly state: StoreState;
  private readonly dirty = new Map<CollectionName, Set<string>>();
  private readonly proxies = new WeakMap<object, object>();
  private readonly targets = new WeakMap<object, object>();
  private readonly roots = new WeakMap<object, Root>();
  private readonly indexes = new Map<string, { name: CollectionName; index: RecordIndex<never> }>();
  private depth = 0;

  private constructor(
    private readonly file: string | null,
    private readonly journal: Journal | null,
    raw: StoreState,
    /** True when nothing was persisted before: the first run. */
    readonly isNew: boolean,
    private snapshotBytes: number,
  ) {
    this.raw = raw;
    this.state = { ...raw, billing: { ...raw.billing } };
    for (const name of NAMES) {
      const target = COLLECTIONS[name](raw);
      for (const [key, record] of Object.entries(target)) this.roots.set(record, [name, key]);
      const view = new Proxy(target, this.collectionHandler(name));
      if (name.startsWith('billing.')) (this.state.billing as unknown as Record<string, unknown>)[name.slice('billing.'.length)] = view;
      else (this.state as unknown as Record<string, unknown>)[name] = view;
    }
  }

  /**
   * Opens the state persisted at `file` and its journal (created on the first
   * change), or an in-memory one with `null`. A journal line torn by a kill is
   * dropped: that change was never acknowledged.
   */
  static open(file: string | null): StoreCore {
    if (!file) return new StoreCore(null, null, emptyState(), true, 0);
    let state = emptyState();
    const snapshot = fs.existsSync(file);
    if (snapshot) {
      try {
        const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreState;
        state = { ...state, ...saved, billing: { ...state.billing, ...saved.billing } };
      } catch (error) {
        throw new Error(
          `${file} is unreadable (${(error as Error).message}). Fix: delete it; the stand-in then starts over (with the seed, if one is configured)`,
        );
      }
    }
    const { journal, lines } = Journal.open(journalFile(file));
    for (const line of lines as JournalEntry[][]) {
      for (const [name, key, record] of line) {
        const target = COLLECTIONS[name](state);
        if (record) target[key] = record;
        else delete target[key];
      }
    }
    return new StoreCore(file, journal, state, !snapshot && !lines.length, snapshot ? fs.statSync(file).size : 0);
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

  /**
   * An index of a collection by `keysOf(record)`, built on first use and kept
   * current: inserts and deletions at once, in-place changes when their change ends.
   */
  index<N extends CollectionName>(name: N, indexName: string, keysOf: (record: RecordOf<N>) => string[]): RecordIndex<RecordOf<N>> {
    const id = `${name}/${indexName}`;
    let entry = this.indexes.get(id);
    if (!entry) {
      const index = new RecordIndex(keysOf);
      for (const [key, record] of Object.entries(COLLECTIONS[name](this.raw))) index.update(key, record as RecordOf<N>);
      entry = { name, index: index as RecordIndex<never> };
      this.indexes.set(id, entry);
    }
    return entry.index as RecordIndex<RecordOf<N>>;
  }

  /**
   * Runs a change and persists it: every record written since the last change,
   * as one journal line. Events are published as they happen, so a listener
   * sees the records an event refers to (a membership's user and organization
   * are still there when its deletion is announced). A change inside a change
   * (a listener's) is persisted with it.
   */
  change<T>(apply: (emit: Emit) => T): T {
    this.depth++;
    let result: T;
    try {
      result = apply(this.emit);
    } finally {
      this.depth--;
    }
    if (this.depth === 0) this.flush();
    // A record the change created is handed out as a proxy, so later writes to it are seen too.
    return isObject(result) ? (this.view(result) as T) : result;
  }

  private mark(name: CollectionName, key: string) {
    const keys = this.dirty.get(name) ?? new Set();
    this.dirty.set(name, keys.add(key));
  }

  private reindex(name: CollectionName, key: string) {
    const record = COLLECTIONS[name](this.raw)[key];
    for (const entry of this.indexes.values()) if (entry.name === name) entry.index.update(key, record as never);
  }

  private flush() {
    if (!this.dirty.size) return;
    const entries: string[] = [];
    for (const [name, keys] of this.dirty) {
      const target = COLLECTIONS[name](this.raw);
      for (const key of keys) {
        this.reindex(name, key);
        if (!this.journal) continue;
        const record = target[key];
        entries.push(JSON.stringify(record === undefined ? [name, key] : [name, key, record]));
      }
    }
    this.dirty.clear();
    if (!this.file || !this.journal) return;
    if (!this.snapshotBytes || this.journal.bytes > Math.max(MIN_COMPACTION_BYTES, this.snapshotBytes)) return this.compact();
    this.journal.append(`[${entries.join(',')}]`);
  }

  /** Folds the journal into a new snapshot: written whole, then renamed over the old one, then the journal emptied. */
  private compact() {
    const snapshot = JSON.stringify(this.raw);
    writeFileAtomic(this.file!, snapshot);
    this.snapshotBytes = Buffer.byteLength(snapshot);
    // Killed here, the journal is replayed over the new snapshot on opening: its lines only repeat what the snapshot holds.
    this.journal!.clear();
  }

  /** The proxy a stored object is handed out as (itself when it is not stored). */
  private view(value: object): object {
    if (this.targets.has(value)) return value;
    const root = this.roots.get(value);
    return root ? this.wrap(value, root) : value;
  }

  private wrap(value: object, root: Root): object {
    if (this.targets.has(value)) return value;
    const existing = this.proxies.get(value);
    if (existing) return existing;
    if (!this.roots.has(value)) this.roots.set(value, root);
    const proxy = new Proxy(value, this.recordHandler(root));
    this.proxies.set(value, proxy);
    this.targets.set(proxy, value);
    return proxy;
  }

  /** The stored form of a value: proxies replaced by their targets, at any depth. */
  private unwrap(value: unknown): unknown {
    if (!isObject(value)) return value;
    const target = this.targets.get(value);
    if (target) return target;
    for (const [key, nested] of Object.entries(value)) {
      const stored = this.unwrap(nested);
      if (stored !== nested) (value as Record<string, unknown>)[key] = stored;
    }
    return value;
  }

  private collectionHandler(name: CollectionName): ProxyHandler<Record<string, object>> {
    return {
      get: (target, key) => {
        const record = Reflect.get(target, key);
        return typeof key === 'string' && isObject(record) && Object.hasOwn(target, key) ? this.wrap(record, [name, key]) : record;
      },
      set: (target, key, value) => {
        if (typeof key !== 'string') return Reflect.set(target, key, value);
        const record = this.unwrap(value) as object;
        target[key] = record;
        this.roots.set(record, [name, key]);
        this.mark(name, key);
        this.reindex(name, key);
        return true;
      },
      deleteProperty: (target, key) => {
        if (typeof key !== 'string') return Reflect.deleteProperty(target, key);
        delete target[key];
        this.mark(name, key);
        this.reindex(name, key);
        return true;
      },
    };
  }

  private recordHandler(root: Root): ProxyHandler<object> {
    return {
      get: (target, key) => {
        const value = Reflect.get(target, key);
        return isObject(value) && typeof value !== 'function' ? this.wrap(value, root) : value;
      },
      set: (target, key, value) => {
        const stored = this.unwrap(value);
        Reflect.set(target, key, stored);
        if (isObject(stored) && !this.roots.has(stored)) this.roots.set(stored, root);
        this.mark(...root);
        return true;
      },
      deleteProperty: (target, key) => {
        Reflect.deleteProperty(target, key);
        this.mark(...root);
        return true;
      },
    };
  }
}

/** `store.json` → `store.journal`, beside it. */
const journalFile = (file: string) => `${file.replace(/\.json$/, '')}.journal`;
