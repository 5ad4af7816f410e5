import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMember,
  CommandError,
  editMember,
  fromJourney,
  readJourney,
  removeMember,
  setSpeaker,
  userOrigin,
} from '../../../src/doc/index.ts';
import type { MemberId, StageId } from '../../../src/model/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

const me = userOrigin('session-a');
const mid = (id: string) => id as MemberId;
const sid = (id: string) => id as StageId;
const members = (doc: Y.Doc) => readJourney(doc).journey.family.members;
const stage = (doc: Y.Doc, id: string) => readJourney(doc).journey.stages.find((s) => s.id === id);

/** The reasons a command gave, by field, or an empty list when it was carried out. */
function refused(action: () => unknown): { path: string; message: string }[] {
  try {
    action();
    return [];
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return error.issues;
  }
}

describe('family member commands', () => {
  it('adds a member with a name, a role and an age band (unknown when not given)', () => {
    const doc = fromJourney(smallJourney());
    const kerry = addMember(doc, { pseudonym: '  Kerry ', role: 'mother', ageBand: '25-34' }, me);
    const nan = addMember(doc, { pseudonym: 'Nan', role: 'grandparent' }, me);
    expect(members(doc).find((m) => m.id === kerry)).toEqual({
      id: kerry,
      pseudonym: 'Kerry',
      role: 'mother',
      ageBand: '25-34',
    });
    expect(members(doc).find((m) => m.id === nan)?.ageBand).toBe('unknown');
    expect(readJourney(doc).quarantined).toEqual([]);
  });

  it('refuses a member with no name, a name too long or no role, naming the field, and writes nothing', () => {
    const doc = fromJourney(smallJourney());
    const before = members(doc);
    expect(refused(() => addMember(doc, { pseudonym: '   ', role: 'mother' }, me))).toEqual([
      { path: '$.pseudonym', message: 'enter a name for them (a made-up name is fine)' },
    ]);
    expect(refused(() => addMember(doc, { pseudonym: 'K'.repeat(61), role: 'mother' }, me))).toEqual([
      { path: '$.pseudonym', message: 'must be 60 characters or fewer' },
    ]);
    expect(refused(() => addMember(doc, { pseudonym: 'Kerry', role: '' as 'mother' }, me))).toEqual([
      { path: '$.role', message: 'choose who they are in the family' },
    ]);
    expect(refused(() => addMember(doc, { id: mid('mum'), pseudonym: 'Again', role: 'mother' }, me))).toEqual([
      { path: '$.id', message: 'family member "mum" already exists' },
    ]);
    expect(members(doc)).toEqual(before);
  });

  it('renames a member and changes their role and age band, keeping what the change leaves out', () => {
    const doc = fromJourney(smallJourney());
    editMember(doc, mid('mum'), { pseudonym: 'Kerry' }, me);
    editMember(doc, mid('son'), { role: 'child', ageBand: '5-10' }, me);
    expect(members(doc)).toEqual([
      { id: 'mum', pseudonym: 'Kerry', role: 'mother', ageBand: '35-49' },
      { id: 'son', pseudonym: 'Sam', role: 'child', ageBand: '5-10' },
    ]);
    expect(refused(() => editMember(doc, mid('mum'), { pseudonym: '' }, me))).toEqual([
      { path: '$.pseudonym', message: 'enter a name for them (a made-up name is fine)' },
    ]);
    expect(refused(() => editMember(doc, mid('nobody'), { pseudonym: 'X' }, me))).toEqual([
      { path: '$.id', message: 'family member "nobody" does not exist' },
    ]);
    expect(members(doc)[0]?.pseudonym).toBe('Kerry');
  });

  it('says whose words a stage’s are, with the voice that goes with their role, or not said', () => {
    const doc = fromJourney(smallJourney());
    setSpeaker(doc, sid('s2'), mid('son'), me);
    expect(stage(doc, 's2')).toMatchObject({ speakerId: 'son', voice: 'child-or-young-person' });
    setSpeaker(doc, sid('s2'), null, me);
    expect(stage(doc, 's2')?.speakerId).toBeUndefined();
    expect(refused(() => setSpeaker(doc, sid('s2'), mid('nobody'), me))).toEqual([
      { path: '$.id', message: 'family member "nobody" does not exist' },
    ]);
    expect(refused(() => setSpeaker(doc, sid('gone'), mid('son'), me))).toEqual([
      { path: '$.stageId', message: 'stage "gone" does not exist' },
    ]);
  });

  it('removes a member: their stages say no speaker, an age date is kept in words, and one undo brings all back', () => {
    const doc = fromJourney(smallJourney());
    setSpeaker(doc, sid('s3'), mid('son'), me);
    const undo = new Y.UndoManager([doc.getMap('members'), doc.getMap('stages')], { trackedOrigins: new Set([me]) });
    const before = readJourney(doc).journey;

    removeMember(doc, mid('son'), me);
    const after = readJourney(doc);
    expect(after.quarantined).toEqual([]);
    expect(after.journey.family.members.map((m) => m.pseudonym)).toEqual(['Jo']);
    expect(stage(doc, 's3')?.speakerId).toBeUndefined();
    expect(stage(doc, 's2')?.when).toEqual({ kind: 'phrase', text: 'when Sam was 12' });
    expect(stage(doc, 's1')?.speakerId).toBe('mum');

    undo.undo();
    expect(readJourney(doc).journey).toEqual(before);
    expect(refused(() => removeMember(doc, mid('nobody'), me))).toEqual([
      { path: '$.id', message: 'family member "nobody" does not exist' },
    ]);
  });
});
