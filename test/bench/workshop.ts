/**
 * A scripted two-hour workshop, compressed: 30 people on one map, each a Y.Doc exchanging
 * updates, making the edits a workshop makes (typing words letter by letter, retitling,
 * levels, feelings, moving, linking, enablers and barriers, deleting and re-adding) until the
 * map holds 300 stages. Used to measure what such a workshop leaves behind.
 */
import * as Y from 'yjs';
import {
  addFactor,
  addStage,
  editStage,
  fromJourney,
  linkStages,
  moveStage,
  readJourney,
  REMOTE_ORIGIN,
  removeStage,
  setFeeling,
  setProgressLevel,
  setWords,
  userOrigin,
} from '../../src/doc/index.ts';
import { CURRENT_SCHEMA_VERSION, FEELINGS, JourneySchema, type StageId } from '../../src/model/index.ts';

/** Whether the document already has a link saying `from` led to `to` (links are plain records). */
function linked(doc: Y.Doc, from: string, to: string): boolean {
  return [...doc.getMap('links').values()].some((link) => {
    const { from: f, to: t } = link as { from?: unknown; to?: unknown };
    return f === from && t === to;
  });
}

const PEOPLE = 30;
/** One edit every 20 seconds per person for two hours. */
const ACTIONS_PER_PERSON = (2 * 60 * 60) / 20;
const TARGET_STAGES = 300;

/** A small seeded generator, so every run scripts the same workshop. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface WorkshopResult {
  actions: number;
  updates: number;
  stages: number;
  /** Everything, as the server would store it after compaction. */
  stateBytes: number;
  /** The same content written fresh into a new document (no history). */
  freshBytes: number;
}

export function runWorkshop(seed = 7): WorkshopResult {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const base = Y.encodeStateAsUpdate(
    fromJourney(
      JourneySchema.parse({
        schemaVersion: CURRENT_SCHEMA_VERSION,
        id: 'workshop',
        title: 'A two-hour workshop',
        family: { pseudonym: 'The Workshop family' },
        stages: [],
        consent: { status: 'given', recordedOn: '2026-11-24', scopes: ['mapping'] },
      }),
    ),
  );
  const server = new Y.Doc();
  Y.applyUpdate(server, base);
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base, REMOTE_ORIGIN);
    return { doc, origin: userOrigin(`person-${i}`) };
  });
  let updates = 0;
  // Everyone is connected: each update reaches the server and every other person at once.
  for (const person of people) {
    person.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      updates++;
      Y.applyUpdate(server, update, REMOTE_ORIGIN);
      for (const other of people) if (other !== person) Y.applyUpdate(other.doc, update, REMOTE_ORIGIN);
    });
  }

  let actions = 0;
  for (let round = 0; round < ACTIONS_PER_PERSON; round++) {
    for (const { doc, origin } of people) {
      actions++;
      const stageIds = [...doc.getMap('stages').keys()] as StageId[];
      const stage = stageIds.length > 0 ? pick(stageIds) : undefined;
      const roll = next();
      if (!stage || (roll < 0.12 && stageIds.length < TARGET_STAGES)) {
        addStage(doc, { title: `Stage ${actions}`, after: stage ?? null }, origin);
      } else if (roll < 0.45) {
        // Typing: a sentence letter by letter, as it happens on a tablet.
        const words = 'We moved again and nobody told the school, so he stopped going.';
        for (let i = 1; i <= words.length; i += 3) setWords(doc, stage, words.slice(0, i), origin);
      } else if (roll < 0.55) editStage(doc, stage, { title: `Retitled ${actions}` }, origin);
      else if (roll < 0.65)
        setProgressLevel(doc, stage, { level: 1 + Math.floor(next() * 5), ratedBy: 'together' }, origin);
      else if (roll < 0.72) setFeeling(doc, stage, pick(FEELINGS), origin);
      else if (roll < 0.8) moveStage(doc, stage, pick(stageIds.filter((s) => s !== stage)) ?? null, origin);
      else if (roll < 0.88) {
        const to = pick(stageIds);
        // A link is made once (linkStages refuses a second).
        if (to !== stage && !linked(doc, stage, to)) linkStages(doc, { from: stage, to }, origin);
      } else if (roll < 0.97)
        addFactor(
          doc,
          { stageId: stage, kind: next() < 0.5 ? 'enabler' : 'barrier', text: 'A worker who kept coming back' },
          origin,
        );
      else if (stageIds.length > 20) removeStage(doc, stage, origin);
    }
  }
  const { journey } = readJourney(server);
  return {
    actions,
    updates,
    stages: journey.stages.length,
    stateBytes: Y.encodeStateAsUpdate(server).byteLength,
    freshBytes: Y.encodeStateAsUpdate(fromJourney(journey)).byteLength,
  };
}
