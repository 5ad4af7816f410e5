/**
 * The home page's list of journeys: a staff member's projects' journeys, newest change first,
 * each with its family's pseudonym as the family record has it, found by title or pseudonym,
 * archived ones left out unless asked for. The search is a GET form; the server's logs drop
 * every query string (server/http/redact.ts), so what was searched for is never logged.
 */
import { listJourneys, type JourneySummary } from '../../server/journey-library.ts';
import { withinProjects } from '../../server/auth/project-scope.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';

export interface ListedJourney extends JourneySummary {
  archived: boolean;
}

/** What the list was asked for, from the page's address. */
export interface ListFilter {
  /** Words to find in a title or a pseudonym ('' for every journey). */
  search: string;
  showArchived: boolean;
}

export const SEARCH_PARAM = 'q';
export const ARCHIVED_PARAM = 'archived';

export function listFilterOf(url: URL): ListFilter {
  return {
    search: (url.searchParams.get(SEARCH_PARAM) ?? '').trim(),
    showArchived: url.searchParams.get(ARCHIVED_PARAM) === 'shown',
  };
}

/** Every journey of these projects, newest change first, with its family record's pseudonym. */
export async function projectJourneys(store: DocumentStore, projectIds: ReadonlySet<string>): Promise<ListedJourney[]> {
  const journeys = await withinProjects(store.access, await listJourneys(store), projectIds);
  const archived = await store.journeys.archivedIds();
  const listed = await Promise.all(
    journeys.map(async (journey) => {
      const familyId = await store.families.familyOf(journey.id);
      const family = familyId === undefined ? undefined : await store.families.getFamily(familyId);
      return { ...journey, family: family?.pseudonym ?? journey.family, archived: archived.has(journey.id) };
    }),
  );
  return listed.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.title.localeCompare(b.title));
}

/** The journeys the filter lets through, in the order given. */
export function filterJourneys(journeys: readonly ListedJourney[], filter: ListFilter): ListedJourney[] {
  const words = filter.search.toLocaleLowerCase('en-GB');
  const found = (text: string) => text.toLocaleLowerCase('en-GB').includes(words);
  return journeys.filter(
    (journey) =>
      (filter.showArchived || !journey.archived) && (words === '' || found(journey.title) || found(journey.family)),
  );
}
