/** What a staff member's projects reach: documents are filtered by the project they belong to. */
import type { AccessRecords } from '../storage/access-records.ts';

/** The items (journeys, theories of change) whose documents belong to one of these projects, in order. */
export async function withinProjects<T extends { id: string }>(
  access: AccessRecords,
  items: readonly T[],
  projectIds: ReadonlySet<string>,
): Promise<T[]> {
  const projects = await Promise.all(items.map((item) => access.projectOf(item.id)));
  return items.filter((_, i) => projects[i] !== undefined && projectIds.has(projects[i]));
}
