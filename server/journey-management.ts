/**
 * A team managing its journeys: renaming one (its title lives in its document, so the change
 * goes through the journey's room, and nobody's open map writes the old title back), renaming
 * its family (a server record; the journeys' documents follow through their rooms), and
 * archiving or bringing one back (a server record, never a document field). Each is audited by
 * ids only: never the old or new title or pseudonym.
 */
import { z } from 'zod';
import type * as Y from 'yjs';
import { journeyMaps } from '../src/doc/journey/layout.ts';
import { done, invalid, refused, type Outcome } from './admin/outcome.ts';
import { renameFamily } from './families/rename-family.ts';
import type { ErasingRooms } from './rooms/erasure-channel.ts';
import type { DocumentStore } from './storage/document-store.ts';

type AuditAction = Parameters<DocumentStore['access']['audit']>[0]['action'];

/** The journey a staff member manages, as the settings page found it. */
export interface ManagedJourney {
  id: string;
  projectId: string;
}

const Title = z
  .string({ error: 'give the journey a title' })
  .trim()
  .min(1, 'give the journey a title')
  .max(120, { error: (issue) => `at most 120 characters; this one has ${String(issue.input).length}` });

const NO_ROOMS = 'the live maps are not running, so nothing was changed: try again in a minute';

function setTitle(title: string) {
  return (doc: Y.Doc) => journeyMaps(doc).meta.set('title', title);
}

function setPseudonym(pseudonym: string) {
  return (doc: Y.Doc) => {
    const meta = journeyMaps(doc).meta;
    const family = meta.get('family');
    const kept = family !== null && typeof family === 'object' ? family : {};
    meta.set('family', { ...kept, pseudonym });
  };
}

/** A change a staff member made to one journey, in the audit log. */
export async function auditJourneyChange(
  store: DocumentStore,
  journey: { id: string; projectId: string },
  action: AuditAction,
  by: string,
): Promise<void> {
  await store.access.audit({ action, outcome: 'ok', actor: by, projectId: journey.projectId, docId: journey.id });
}

/** Give the journey a new title, through its room. */
export async function renameJourney(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  journey: ManagedJourney,
  input: { title: unknown },
  by: string,
): Promise<Outcome<string>> {
  const parsed = z.object({ title: Title }).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (!rooms) return refused(409, '', NO_ROOMS);
  if (!(await rooms.change(journey.id, setTitle(parsed.data.title))))
    return refused(404, '', 'this journey is not stored any more');
  await auditJourneyChange(store, journey, 'journey.rename', by);
  return done(parsed.data.title);
}

/**
 * Give the journey's family a new pseudonym: the family record (as the family page does), then
 * each of its journeys' documents, through their rooms, so maps and lists say the same.
 */
export async function renameJourneyFamily(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  journey: ManagedJourney,
  input: { pseudonym: unknown },
  by: string,
): Promise<Outcome<string>> {
  const familyId = await store.families.familyOf(journey.id);
  const family = familyId === undefined ? undefined : await store.families.getFamily(familyId);
  if (!family) return refused(404, 'pseudonym', 'this journey has no family record to rename');
  if (!rooms) return refused(409, '', NO_ROOMS);
  const renamed = await renameFamily(store, family, input, by);
  if (!renamed.ok) return renamed;
  for (const docId of await store.families.documentsOf(family.id))
    await rooms.change(docId, setPseudonym(renamed.value.pseudonym));
  return done(renamed.value.pseudonym);
}

/** Archive the journey, or bring it back: a server record, audited. */
export async function setArchived(
  store: DocumentStore,
  journey: ManagedJourney,
  archived: boolean,
  by: string,
): Promise<void> {
  if (archived) await store.journeys.archive(journey.id, by);
  else await store.journeys.unarchive(journey.id);
  await auditJourneyChange(store, journey, archived ? 'journey.archive' : 'journey.unarchive', by);
}
