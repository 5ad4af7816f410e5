/**
 * Re-keying: a journey under random ids. Ids once came from titles and files
 * (`s07-chloe-and-the-older-man`), so they carried a family's words into URLs, exports and
 * logs; re-keyed, a journey keeps its words in its fields only. Every reference follows its
 * record: links' ends, enablers', barriers' and cost events' stages, speakers and `when` ages,
 * and a theory of change's evidence pointers.
 *
 * Keys are per collection and per journey, since two journeys' files may both have a stage
 * `s01`. `translateJourney` applies keys to a journey (ids the keys do not know stay as they
 * are): the editor uses it to carry a device's copy, under old ids, onto a moved document.
 */
import type { CostEvent } from './cost-event.ts';
import type { Factor } from './factor.ts';
import type { FamilyMember } from './family-member.ts';
import { newId } from './ids.ts';
import type { Journey } from './journey.ts';
import type { Link } from './link.ts';
import type { Stage } from './stage.ts';
import type { TheoryOfChange } from './theory-of-change.ts';
import type { Evidence } from './toc-evidence.ts';
import type { When } from './when.ts';

/** The collections of a journey whose records get new ids, with the prefix new ids carry. */
export const REKEYED_COLLECTIONS = {
  stages: 'st',
  links: 'ln',
  factors: 'fc',
  costEvents: 'ce',
  members: 'fm',
} as const;
export type RekeyedCollection = keyof typeof REKEYED_COLLECTIONS;

/** One journey's old → new ids: the journey's own, and each collection's records'. */
export interface JourneyKeys {
  journey: { from: string; to: string };
  records: Record<RekeyedCollection, Map<string, string>>;
}

/** An id `newId` made: a short prefix, `_`, sixteen letters or digits. Anything else may hold words. */
export const isRandomId = (id: string): boolean => /^[a-z]{1,3}_[0-9a-z]{16}$/.test(id);

/** Whether every id in this journey (its own and its records') is random. */
export function hasRandomIds(journey: Journey): boolean {
  return isRandomId(journey.id) && recordsOf(journey).every(([, records]) => records.every((r) => isRandomId(r.id)));
}

function recordsOf(journey: Journey): [RekeyedCollection, readonly { id: string }[]][] {
  return [
    ['stages', journey.stages],
    ['links', journey.links],
    ['factors', journey.factors],
    ['costEvents', journey.costEvents],
    ['members', journey.family.members],
  ];
}

/** Fresh random keys for every record of the journey, and for the journey itself. */
export function freshKeys(journey: Journey, newJourneyId: string = newId('j')): JourneyKeys {
  const records = {} as JourneyKeys['records'];
  for (const [collection, list] of recordsOf(journey))
    records[collection] = new Map(list.map((record) => [record.id, newId(REKEYED_COLLECTIONS[collection])]));
  return { journey: { from: journey.id, to: newJourneyId }, records };
}

/** The journey with these keys applied to every id and every reference; unknown ids are kept. */
export function translateJourney(journey: Journey, keys: JourneyKeys): Journey {
  const key = (collection: RekeyedCollection, id: string) => keys.records[collection].get(id) ?? id;
  const stage = (id: string) => key('stages', id) as Stage['id'];
  const member = (id: string) => key('members', id) as FamilyMember['id'];
  const when = (at: When | undefined): When | undefined =>
    at?.kind === 'age' ? { ...at, memberId: member(at.memberId) } : at;
  const withWhen = <T extends { when?: When | undefined }>(record: T): T =>
    record.when === undefined ? record : { ...record, when: when(record.when) };
  return {
    ...journey,
    id: (journey.id === keys.journey.from ? keys.journey.to : journey.id) as Journey['id'],
    family: {
      ...journey.family,
      members: journey.family.members.map((m) => ({ ...m, id: member(m.id) })),
    },
    stages: journey.stages.map((s): Stage =>
      withWhen({
        ...s,
        id: stage(s.id),
        ...(s.speakerId === undefined ? {} : { speakerId: member(s.speakerId) }),
      }),
    ),
    links: journey.links.map((l): Link => ({
      ...l,
      id: key('links', l.id) as Link['id'],
      from: stage(l.from),
      to: stage(l.to),
    })),
    factors: journey.factors.map((f): Factor => ({
      ...f,
      id: key('factors', f.id) as Factor['id'],
      stageId: stage(f.stageId),
    })),
    costEvents: journey.costEvents.map((c): CostEvent =>
      withWhen({ ...c, id: key('costEvents', c.id) as CostEvent['id'], stageId: stage(c.stageId) }),
    ),
  };
}

/** The journey under a random id with random ids for its records, and the old → new keys. */
export function rekeyJourney(
  journey: Journey,
  newJourneyId: string = newId('j'),
): { journey: Journey; keys: JourneyKeys } {
  const keys = freshKeys(journey, newJourneyId);
  return { journey: translateJourney(journey, keys), keys };
}

/** Evidence pointing into the journeys these keys know, pointing at their new ids. */
export function translateEvidence(evidence: Evidence, keysOf: ReadonlyMap<string, JourneyKeys>): Evidence {
  const keys = keysOf.get(evidence.journeyId);
  if (!keys) return evidence;
  const key = (collection: RekeyedCollection, id: string) => keys.records[collection].get(id) ?? id;
  return {
    ...evidence,
    journeyId: keys.journey.to as Evidence['journeyId'],
    stageId: key('stages', evidence.stageId) as Evidence['stageId'],
    ...(evidence.factorId === undefined ? {} : { factorId: key('factors', evidence.factorId) as Evidence['factorId'] }),
    ...(evidence.costEventId === undefined
      ? {}
      : { costEventId: key('costEvents', evidence.costEventId) as Evidence['costEventId'] }),
  };
}

/**
 * A theory of change whose journeys moved: its journey list and every evidence pointer follow
 * their journeys' keys (by old journey id); `newTocId`, when given, is its own new id.
 */
export function translateToc(
  toc: TheoryOfChange,
  keysOf: ReadonlyMap<string, JourneyKeys>,
  newTocId: string = toc.id,
): TheoryOfChange {
  const journeyId = (id: string) => (keysOf.get(id)?.journey.to ?? id) as TheoryOfChange['journeyIds'][number];
  return {
    ...toc,
    id: newTocId as TheoryOfChange['id'],
    journeyIds: toc.journeyIds.map(journeyId),
    nodes: toc.nodes.map((node) => ({ ...node, evidence: node.evidence.map((e) => translateEvidence(e, keysOf)) })),
    links: toc.links.map((link) => ({ ...link, evidence: link.evidence.map((e) => translateEvidence(e, keysOf)) })),
  };
}

/**
 * Keys as flat names → new ids, for the server to keep (each name hashed) and a device to ask
 * about: `journey:<old journey>` and `<collection>:<old journey>:<old record>`.
 */
export function flatKeys(keys: JourneyKeys): [string, string][] {
  const from = keys.journey.from;
  const flat: [string, string][] = [[journeyKeyName(from), keys.journey.to]];
  for (const collection of Object.keys(REKEYED_COLLECTIONS) as RekeyedCollection[])
    for (const [old, now] of keys.records[collection]) flat.push([recordKeyName(collection, from, old), now]);
  return flat;
}

export const journeyKeyName = (journeyId: string): string => `journey:${journeyId}`;
export const recordKeyName = (collection: RekeyedCollection, journeyId: string, recordId: string): string =>
  `${collection}:${journeyId}:${recordId}`;

/** The flat names a journey under old ids needs keys for (see `flatKeys`). */
export function keyNamesOf(journey: Journey): string[] {
  return [
    journeyKeyName(journey.id),
    ...recordsOf(journey).flatMap(([collection, list]) => list.map((r) => recordKeyName(collection, journey.id, r.id))),
  ];
}

/** The keys a server answered for these flat names (names it did not know are left out). */
export function keysFromFlat(journeyId: string, answered: ReadonlyMap<string, string>): JourneyKeys {
  const records = {} as JourneyKeys['records'];
  for (const collection of Object.keys(REKEYED_COLLECTIONS) as RekeyedCollection[]) {
    const prefix = `${collection}:${journeyId}:`;
    records[collection] = new Map(
      [...answered].filter(([name]) => name.startsWith(prefix)).map(([name, id]) => [name.slice(prefix.length), id]),
    );
  }
  return { journey: { from: journeyId, to: answered.get(journeyKeyName(journeyId)) ?? journeyId }, records };
}
