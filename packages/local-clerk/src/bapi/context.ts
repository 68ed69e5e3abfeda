/** What every Backend API route shares: its request context, answers, ordering and metadata input. */
import { z } from 'zod';
import { page as pageOf, type JsonResponse } from '../http';
import type { LocalClerkKeys } from '../keys';
import { mergeMetadata, type LocalClerkStore, type Metadata } from '../store';

export interface BackendApiDeps {
  store: LocalClerkStore;
  keys: LocalClerkKeys;
  log: (message: string) => void;
}

/** One request: what every route reads. */
export interface BapiContext {
  store: LocalClerkStore;
  keys: LocalClerkKeys;
  query: URLSearchParams;
  body: unknown;
}

export const ok = (body: unknown): JsonResponse => ({ status: 200, body });
export const page = <T, J>(query: URLSearchParams, items: T[], toJSON: (item: T) => J) => ok(pageOf(query, items, toJSON));

/** `order_by=-created_at` (descending), `+name` or `name` (ascending). */
export function sortBy<T>(
  items: T[],
  orderBy: string | null,
  fields: Record<string, (item: T) => string | number | null>,
  fallback = '-created_at',
): T[] {
  const spec = orderBy || fallback;
  const descending = spec.startsWith('-');
  const key = fields[spec.replace(/^[+-]/, '')] ?? fields[fallback.replace(/^[+-]/, '')]!;
  // Each key read once, not once per comparison: lists of 10,000s are sorted for every page.
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort(({ key: x }, { key: y }) => {
    const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return descending ? -order : order;
  });
  return keyed.map(({ item }) => item);
}

export const metadata = z.record(z.string(), z.unknown());

export const metadataBody = z.object({
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  unsafe_metadata: metadata.optional(),
});

/** Metadata updates: `merge` deep-merges (null removes a key), otherwise each given field is replaced whole. */
export function metadataChanges(
  current: { publicMetadata: Metadata; privateMetadata: Metadata; unsafeMetadata?: Metadata },
  body: z.infer<typeof metadataBody>,
  merge: boolean,
) {
  const apply = (existing: Metadata | undefined, patch: Metadata | undefined) =>
    patch === undefined ? existing : merge ? mergeMetadata(existing ?? {}, patch) : patch;
  return {
    publicMetadata: apply(current.publicMetadata, body.public_metadata)!,
    privateMetadata: apply(current.privateMetadata, body.private_metadata)!,
    ...(current.unsafeMetadata && { unsafeMetadata: apply(current.unsafeMetadata, body.unsafe_metadata)! }),
  };
}
