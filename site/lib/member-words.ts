/**
 * Plain-English words for the family's members, and whose words a stage's are ("Kerry, mother"),
 * shared by the map, its panels and the list view.
 */
import { FAMILY_ROLES, type AGE_BANDS, type FamilyMember, type Stage } from '../../src/model/index.ts';

/** A member's role as it reads after their name ("Kerry, mother"). */
export const ROLE_WORDS: Record<(typeof FAMILY_ROLES)[number], string> = {
  mother: 'mother',
  father: 'father',
  parent: 'parent',
  'step-parent': 'step-parent',
  grandparent: 'grandparent',
  carer: 'carer',
  partner: 'partner',
  child: 'child',
  'young-person': 'young person',
  sibling: 'brother or sister',
  'other-adult': 'another adult',
};

/** Age bands as a choice in a list reads. */
export const AGE_BAND_WORDS: Record<(typeof AGE_BANDS)[number], string> = {
  'under-5': 'Under 5',
  '5-10': '5 to 10',
  '11-15': '11 to 15',
  '16-17': '16 or 17',
  '18-24': '18 to 24',
  '25-34': '25 to 34',
  '35-49': '35 to 49',
  '50-64': '50 to 64',
  '65-plus': '65 or over',
  unknown: 'Not said',
};

/**
 * The family in a steady order, the same on every screen and for everyone: parents and carers
 * first, then children, then others (the order of the roles), and by name within a role. Stored
 * members carry random ids, which would otherwise put them in no order anyone could follow.
 */
export function inFamilyOrder<M extends { id: string; pseudonym: string; role: FamilyMember['role'] }>(
  members: readonly M[],
): M[] {
  const rank = (member: M) => FAMILY_ROLES.indexOf(member.role);
  return [...members].sort(
    (a, b) => rank(a) - rank(b) || a.pseudonym.localeCompare(b.pseudonym, 'en') || (a.id < b.id ? -1 : 1),
  );
}

/** "Kerry, mother". */
export function memberWords(member: Pick<FamilyMember, 'pseudonym' | 'role'>): string {
  return `${member.pseudonym}, ${ROLE_WORDS[member.role]}`;
}

/**
 * Whose words a stage's are: the member who said them, or a worker's or researcher's when the
 * stage says so; otherwise the family's, never "a parent" by default.
 */
export function quoteAttribution(
  stage: Pick<Stage, 'speakerId' | 'voice'>,
  members: readonly FamilyMember[],
): { member?: FamilyMember; words: string } {
  const member = members.find((m) => m.id === stage.speakerId);
  if (member) return { member, words: memberWords(member) };
  if (stage.voice === 'practitioner') return { words: 'a practitioner' };
  if (stage.voice === 'researcher') return { words: 'a researcher' };
  return { words: 'the family' };
}
