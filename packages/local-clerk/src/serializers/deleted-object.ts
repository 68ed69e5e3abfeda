/** What deleting answers, in both APIs and `*.deleted` webhooks. */
import type * as Backend from '@clerk/backend';

export const deletedObjectJSON = (object: string, id: string): Backend.DeletedObjectJSON => ({ object, id, deleted: true });
