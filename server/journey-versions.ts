/**
 * Versions of a journey (issue 17; storage in server/storage/version-records.ts): made by staff
 * with a name, or by the server when a workshop session ends; read back read-only; compared;
 * restored as a new journey, or over the journey as a change of the server's own, after a
 * version of how it was then ("Before restoring …"), so restoring is itself undone by restoring that.
 */
import * as Y from 'yjs';
import { readJourney, writeJourney } from '../src/doc/index.ts';
import type { Journey } from '../src/model/index.ts';
import { newId } from './auth/tokens.ts';
import { newDocumentId } from './document-ids.ts';
import { storeJourney } from './journey-library.ts';
import type { ErasingRooms } from './rooms/erasure-channel.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { loadDocument } from './storage/load-document.ts';
import type { StoredVersion, VersionKind, VersionSummary } from './storage/version-records.ts';

/** The longest a version's name may be. */
export const VERSION_NAME_LIMIT = 80;

/** The name of the version made when a workshop session ends, by the date and time it ended. */
export function sessionEndName(at: Date): string {
  const when = at.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
  return `Session ended ${when}`;
}

/**
 * Keep the journey as it is stored now as a version. Waits for every change already sent to
 * storage first, so what a room has applied is in it. Undefined when there is no such journey.
 */
export async function makeVersion(
  store: DocumentStore,
  docId: string,
  made: { name: string; kind: VersionKind; by: string },
): Promise<VersionSummary | undefined> {
  await store.drained();
  const doc = await loadDocument(store, docId, 'journey');
  if (!doc) return undefined;
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const version: StoredVersion = {
    id: newId(),
    docId,
    name: made.name,
    kind: made.kind,
    madeAt: new Date().toISOString(),
    madeBy: made.by,
    bytes: state.byteLength,
    state,
  };
  await store.versions.add(version);
  const { state: _state, ...summary } = version;
  return summary;
}

/** The journey as a version holds it (its cost events are the live map's own, not kept in versions). */
export function journeyOfVersion(version: StoredVersion): Journey {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, version.state);
    return readJourney(doc).journey;
  } finally {
    doc.destroy();
  }
}

/**
 * Put the journey back as the version has it, as one change through its room (so everyone's open
 * map follows), after keeping the journey as it is now as a version. False when the live maps are
 * not running, or there is no such journey.
 */
export async function restoreOver(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  version: StoredVersion,
  by: string,
): Promise<boolean> {
  if (!rooms) return false;
  const before = await makeVersion(store, version.docId, {
    name: `Before restoring “${version.name}”`,
    kind: 'before-restore',
    by,
  });
  if (!before) return false;
  const journey = journeyOfVersion(version);
  return rooms.change(version.docId, (doc) => writeJourney(doc, journey));
}

/** A new journey, for the same family and project, holding what the version holds. Its id, or undefined. */
export async function restoreAsNew(store: DocumentStore, version: StoredVersion): Promise<string | undefined> {
  const [projectId, familyId] = await Promise.all([
    store.access.projectOf(version.docId),
    store.families.familyOf(version.docId),
  ]);
  if (!projectId) return undefined;
  const old = journeyOfVersion(version);
  const journey: Journey = {
    ...old,
    id: newDocumentId('journey') as Journey['id'],
    title: `${old.title} (from “${version.name}”)`.slice(0, 120),
    costEvents: [],
  };
  if (!(await storeJourney(store, journey))) return undefined;
  await store.access.placeDocument(journey.id, projectId);
  if (familyId) await store.families.attachDocument(journey.id, familyId);
  return journey.id;
}
