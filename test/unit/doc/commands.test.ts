import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCostEvent,
  addFactor,
  addMember,
  addStage,
  CommandError,
  editCostEvent,
  editStage,
  fromJourney,
  linkStages,
  moveStage,
  readJourney,
  relinkStages,
  removeStage,
  setFeeling,
  setProgressLevel,
  setWords,
  unlinkStages,
  removeFactor,
  userOrigin,
} from '../../../src/doc/index.ts';
import type { CostEventId, FactorId, LinkId, StageId } from '../../../src/model/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

const me = userOrigin('session-a');
const them = userOrigin('session-b');
const sid = (id: string) => id as StageId;
const titles = (doc: Y.Doc) => readJourney(doc).journey.stages.map((s) => s.title);

describe('stage commands', () => {
  it('adds a stage at the end, at the start and between two others', () => {
    const doc = fromJourney(smallJourney());
    addStage(doc, { title: 'Last' }, me);
    addStage(doc, { title: 'First', after: null }, me);
    addStage(doc, { title: 'Between', after: sid('s1') }, me);
    expect(titles(doc)).toEqual(['First', 'Lost the flat', 'Between', 'Met the worker', 'Back at school', 'Last']);
  });

  it('keeps inserting between the same two stages long after halving runs out', () => {
    const doc = fromJourney(smallJourney());
    for (let i = 0; i < 80; i++) addStage(doc, { title: `Inserted ${i}`, after: sid('s1') }, me);
    const order = titles(doc);
    expect(order[0]).toBe('Lost the flat');
    expect(order[1]).toBe('Inserted 79');
    expect(order.at(-3)).toBe('Inserted 0');
    expect(order.at(-2)).toBe('Met the worker');
    expect(readJourney(doc).quarantined).toEqual([]);
  });

  it('edits fields, words, level and feeling', () => {
    const doc = fromJourney(smallJourney());
    editStage(
      doc,
      sid('s3'),
      { title: 'Back at school at last', services: ['school', 'family-support'], when: null },
      me,
    );
    setWords(doc, sid('s3'), 'He went every day that week.', me);
    setProgressLevel(doc, sid('s3'), { level: 4, ratedBy: 'together', disagreement: 'Jo says 5' }, me);
    setFeeling(doc, sid('s3'), 'very-high', me);
    const stage = readJourney(doc).journey.stages[2]!;
    expect(stage).toMatchObject({
      title: 'Back at school at last',
      words: 'He went every day that week.',
      services: ['family-support', 'school'],
      progress: { level: 4, ratedBy: 'together', disagreement: 'Jo says 5' },
      feeling: 'very-high',
    });
    expect(stage.when).toBeUndefined();
  });

  it('changes only the fields an edit gives: a new title keeps the voice, services and codes', () => {
    const doc = fromJourney(smallJourney());
    editStage(doc, sid('s3'), { voice: 'child-or-young-person', services: ['school'] }, me);
    const before = readJourney(doc).journey.stages[2]!;
    editStage(doc, sid('s3'), { title: 'Retitled' }, me);
    const after = readJourney(doc).journey.stages[2]!;
    expect(after).toEqual({ ...before, title: 'Retitled' });
    expect(after.voice).toBe('child-or-young-person');
    expect(after.services).toEqual(['school']);
  });

  it('moves a stage without dragging', () => {
    const doc = fromJourney(smallJourney());
    moveStage(doc, sid('s3'), null, me);
    expect(titles(doc)).toEqual(['Back at school', 'Lost the flat', 'Met the worker']);
    moveStage(doc, sid('s3'), sid('s2'), me);
    expect(titles(doc)).toEqual(['Lost the flat', 'Met the worker', 'Back at school']);
  });

  it('removes a stage with its links, factors and cost events', () => {
    const doc = fromJourney(smallJourney());
    removeStage(doc, sid('s1'), me);
    removeStage(doc, sid('s2'), me);
    const { journey, quarantined } = readJourney(doc);
    expect(journey.stages.map((s) => s.id)).toEqual(['s3']);
    expect([journey.links, journey.factors, journey.costEvents]).toEqual([[], [], []]);
    expect(quarantined).toEqual([]);
  });

  it('refuses bad input and dangling references, naming the field, and writes nothing', () => {
    const doc = fromJourney(smallJourney());
    const before = Y.encodeStateAsUpdate(doc);
    const attempts: [() => unknown, string][] = [
      [() => addStage(doc, { title: '' }, me), '$.title'],
      [() => addStage(doc, { title: 'x', after: sid('nope') }, me), '$.after'],
      [() => addStage(doc, { title: 'x', speakerId: 'dad' }, me), '$.speakerId'],
      [() => editStage(doc, sid('s1'), { codes: ['unknown-code'] }, me), '$.codes[0]'],
      [() => setProgressLevel(doc, sid('s1'), { level: 7, ratedBy: 'family' }, me), '$.progress.level'],
      [() => setFeeling(doc, sid('gone'), 'low', me), '$.id'],
      [() => linkStages(doc, { from: 's1', to: 's1' }, me), '$.to'],
      [() => linkStages(doc, { from: 's1', to: 's9' }, me), '$.to'],
      [() => addFactor(doc, { stageId: 's9', kind: 'barrier', text: 'debt' }, me), '$.stageId'],
      [() => addMember(doc, { id: 'mum', pseudonym: 'Again', role: 'mother' }, me), '$.id'],
    ];
    for (const [attempt, path] of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught, path).toBeInstanceOf(CommandError);
      expect((caught as CommandError).issues[0]?.path).toBe(path);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe('record commands', () => {
  it('links stages and adds enablers, barriers and members', () => {
    const doc = fromJourney(smallJourney());
    const member = addMember(doc, { pseudonym: 'Nan', role: 'grandparent', ageBand: '65-plus' }, me);
    const link = linkStages(doc, { from: 's2', to: 's3', label: 'she got him a place' }, me);
    addFactor(doc, { stageId: 's3', kind: 'barrier', text: 'No bus after four', codes: ['housing'] }, me);
    editStage(doc, sid('s3'), { speakerId: member }, me);
    const { journey } = readJourney(doc);
    expect(journey.links.find((l) => l.id === link)).toMatchObject({ from: 's2', to: 's3' });
    expect(journey.factors.filter((f) => f.stageId === 's3')).toHaveLength(1);
    expect(journey.stages[2]?.speakerId).toBe(member);
  });

  it('adds and edits a cost event, validating the result as a whole', () => {
    const doc = fromJourney(smallJourney());
    const id = addCostEvent(
      doc,
      {
        stageId: 's2',
        type: 'police_callout',
        quantity: 3,
        period: 'before',
        agencyId: 'town-police',
        evidence: 'family-account',
        unitCost: { kind: 'reference', table: 'gmca-ucd-v1.4-sample', code: 'CR1.1' },
      },
      me,
    );
    editCostEvent(doc, id, { quantity: 4, period: 'during' }, me);
    expect(readJourney(doc).journey.costEvents.find((e) => e.id === id)).toMatchObject({
      quantity: 4,
      period: 'during',
    });
    expect(() => editCostEvent(doc, id, { quantity: -1 }, me)).toThrow(/\$\.quantity/);
    expect(() => editCostEvent(doc, id, { agencyId: 'nobody' }, me)).toThrow(/\$\.agencyId/);
    expect(() => editCostEvent(doc, 'c404' as CostEventId, { quantity: 1 }, me)).toThrow(/does not exist/);
  });
});

describe('origins and undo', () => {
  it('undoes one session’s changes only', () => {
    const doc = fromJourney(smallJourney());
    const undo = new Y.UndoManager(
      ['stages', 'links', 'factors', 'costEvents', 'members'].map((name) => doc.getMap(name)),
      { trackedOrigins: new Set([me]), captureTimeout: 0 },
    );
    editStage(doc, sid('s1'), { title: 'Mine' }, me);
    editStage(doc, sid('s2'), { title: 'Theirs' }, them);
    undo.undo();
    expect(titles(doc)).toEqual(['Lost the flat', 'Theirs', 'Back at school']);
    undo.redo();
    expect(titles(doc)).toEqual(['Mine', 'Theirs', 'Back at school']);
  });

  it('tells observers who made each change', () => {
    const doc = fromJourney(smallJourney());
    const seen: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(tr.origin));
    setFeeling(doc, sid('s2'), 'low', me);
    expect(seen).toEqual([me]);
  });
});

describe('removing links and factors', () => {
  it('unlinks stages and removes an enabler, and refuses unknown ids', () => {
    const doc = fromJourney(smallJourney());
    unlinkStages(doc, 'l1' as LinkId, me);
    removeFactor(doc, 'f1' as FactorId, me);
    const { journey } = readJourney(doc);
    expect([journey.links, journey.factors]).toEqual([[], []]);
    expect(() => unlinkStages(doc, 'l1' as LinkId, me)).toThrow(/links record "l1" does not exist/);
    expect(() => removeFactor(doc, 'f1' as FactorId, me)).toThrow(CommandError);
  });
});

describe('a link is made once', () => {
  it('refuses to link two stages the same way twice, naming the field, and writes nothing', () => {
    const doc = fromJourney(smallJourney());
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => linkStages(doc, { from: 's1', to: 's2' }, me)).toThrow(/\$\.to these two stages are already linked/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // The other way round is another link: what came after led back.
    linkStages(doc, { from: 's2', to: 's1' }, me);
    expect(readJourney(doc).journey.links).toHaveLength(2);
  });

  it('moves either end of a link, keeping its label, and refuses an end that would repeat a link', () => {
    const doc = fromJourney(smallJourney());
    relinkStages(doc, 'l1' as LinkId, { to: 's3' }, me);
    expect(readJourney(doc).journey.links).toEqual([
      { id: 'l1', from: 's1', to: 's3', label: 'because we were desperate' },
    ]);
    relinkStages(doc, 'l1' as LinkId, { from: 's2' }, me);
    expect(readJourney(doc).journey.links[0]).toMatchObject({ from: 's2', to: 's3' });
    // Moving it onto the end it already has changes nothing and is not a duplicate of itself.
    relinkStages(doc, 'l1' as LinkId, { to: 's3' }, me);

    linkStages(doc, { from: 's1', to: 's3' }, me);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => relinkStages(doc, 'l1' as LinkId, { from: 's1' }, me)).toThrow(/already linked/);
    expect(() => relinkStages(doc, 'l1' as LinkId, { to: 's2' }, me)).toThrow(/\$\.to a stage cannot lead to itself/);
    expect(() => relinkStages(doc, 'l1' as LinkId, { to: 's9' }, me)).toThrow(/\$\.to stage "s9" does not exist/);
    expect(() => relinkStages(doc, 'l9' as LinkId, { to: 's1' }, me)).toThrow(/links record "l9" does not exist/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
