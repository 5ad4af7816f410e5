/**
 * Commands on the family's members: add one, change their name, role or age band, remove them,
 * and say whose words a stage's are. A member is one record written whole; removing one also
 * changes, in the same step (so one undo puts everything back), the stages that pointed at them.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import { AGE_BANDS, FAMILY_ROLES, type FamilyMember } from '../../model/family-member.ts';
import { MemberIdSchema, newId, type MemberId, type StageId } from '../../model/ids.ts';
import type { Voice } from '../../model/stage.ts';
import { issuesFrom, type ValidationIssue } from '../../model/validation-issue.ts';
import { CommandError, parseInput } from '../command-error.ts';
import type { TransactionOrigin } from '../origins.ts';
import { setIfChanged, storedRecord } from '../records.ts';
import { journeyMaps, plainRecord } from './layout.ts';
import { requireStage } from './stage-commands.ts';

/** The longest a member's name may be (the model's own limit). */
export const PSEUDONYM_LIMIT = 60;

/** The model's member fields, with reasons a person can act on. */
const MemberFields = z.strictObject({
  pseudonym: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'enter a name for them (a made-up name is fine)'),
      z.maxLength(PSEUDONYM_LIMIT, `must be ${PSEUDONYM_LIMIT} characters or fewer`),
    ),
  role: z.enum(FAMILY_ROLES, { error: 'choose who they are in the family' }),
  ageBand: z._default(z.enum(AGE_BANDS, { error: 'choose an age band from the list' }), 'unknown'),
});
export type MemberFieldsInput = z.input<typeof MemberFields>;

/** What is wrong with a member's fields, by field, before anything is written (empty: nothing). */
export function memberIssues(fields: MemberFieldsInput): ValidationIssue[] {
  const parsed = MemberFields.safeParse(fields);
  return parsed.success ? [] : issuesFrom(parsed.error);
}

const AddMemberInput = z.extend(MemberFields, { id: z.optional(MemberIdSchema) });

function requireMember(doc: Y.Doc, command: string, id: string): FamilyMember {
  const value = plainRecord(journeyMaps(doc).records.members.get(id));
  if (typeof value !== 'object' || value === null)
    throw new CommandError(command, [{ path: '$.id', message: `family member "${id}" does not exist` }]);
  return { ...(value as Omit<FamilyMember, 'id'>), id: id as MemberId };
}

export function addMember(doc: Y.Doc, input: z.input<typeof AddMemberInput>, origin: TransactionOrigin): MemberId {
  const member = parseInput('addMember', AddMemberInput, input);
  const id = member.id ?? MemberIdSchema.parse(newId('fm'));
  const { members } = journeyMaps(doc).records;
  if (members.has(id))
    throw new CommandError('addMember', [{ path: '$.id', message: `family member "${id}" already exists` }]);
  doc.transact(() => members.set(id, storedRecord({ ...member, id })), origin);
  return id;
}

/** Change a member's name, role or age band; what the patch leaves out stays as it is. */
export function editMember(
  doc: Y.Doc,
  id: MemberId,
  patch: Partial<MemberFieldsInput>,
  origin: TransactionOrigin,
): void {
  const { id: _id, ...current } = requireMember(doc, 'editMember', id);
  const member = parseInput('editMember', MemberFields, { ...current, ...patch });
  doc.transact(() => journeyMaps(doc).records.members.set(id, storedRecord({ ...member, id })), origin);
}

/** Whose words a member's are, for the voice a stage records beside its speaker. */
function voiceOf(role: FamilyMember['role']): Voice {
  switch (role) {
    case 'mother':
    case 'father':
    case 'parent':
    case 'step-parent':
    case 'carer':
      return 'parent';
    case 'child':
    case 'young-person':
      return 'child-or-young-person';
    default:
      return 'other-family-member';
  }
}

/** Say whose words a stage's are: one of the family (`null`: not said). */
export function setSpeaker(doc: Y.Doc, stageId: StageId, memberId: MemberId | null, origin: TransactionOrigin): void {
  const stage = requireStage(doc, 'setSpeaker', stageId, '$.stageId');
  const member = memberId === null ? undefined : requireMember(doc, 'setSpeaker', memberId);
  doc.transact(() => {
    setIfChanged(stage, 'speakerId', member?.id);
    if (member) setIfChanged(stage, 'voice', voiceOf(member.role));
  }, origin);
}

/**
 * Remove a member. Stages in their words then say no speaker (they read as the family's), and
 * a stage dated by their age keeps the date in words ("when Kerry was 7"), so nothing is lost.
 */
export function removeMember(doc: Y.Doc, id: MemberId, origin: TransactionOrigin): void {
  const member = requireMember(doc, 'removeMember', id);
  const { stages, records } = journeyMaps(doc);
  doc.transact(() => {
    records.members.delete(id);
    for (const stage of stages.values()) {
      if (!(stage instanceof Y.Map)) continue;
      if (stage.get('speakerId') === id) stage.delete('speakerId');
      const when = stage.get('when') as { kind?: unknown; memberId?: unknown; years?: unknown } | undefined;
      if (when?.kind === 'age' && when.memberId === id)
        stage.set('when', { kind: 'phrase', text: `when ${member.pseudonym} was ${String(when.years)}` });
    }
  }, origin);
}
