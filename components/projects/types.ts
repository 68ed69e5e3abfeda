import type { Project } from '@/lib/projects/queries';

/** What the project components need of a project (server components pass the rows as they are). */
export type ProjectRow = Pick<Project, 'id' | 'name' | 'description' | 'createdAt' | 'updatedAt'>;
