/**
 * A member of the family, by pseudonym. Turning Points needs no real names: a member is a
 * pseudonym the family chose (or was given), a role in the family and an age band.
 */
import { z } from 'zod/mini';
import { MemberIdSchema } from './ids.ts';

export const FAMILY_ROLES = [
  'mother',
  'father',
  'parent',
  'step-parent',
  'grandparent',
  'carer',
  'partner',
  'child',
  'young-person',
  'sibling',
  'other-adult',
] as const;
export const FamilyRoleSchema = z.enum(FAMILY_ROLES);

/** Bands rather than birth dates: enough for analysis, too coarse to identify anyone. */
export const AGE_BANDS = [
  'under-5',
  '5-10',
  '11-15',
  '16-17',
  '18-24',
  '25-34',
  '35-49',
  '50-64',
  '65-plus',
  'unknown',
] as const;
export const AgeBandSchema = z.enum(AGE_BANDS);

export const FamilyMemberSchema = z.strictObject({
  id: MemberIdSchema,
  /** The name used in the workshop and in every output. Never a real name unless a project opts in. */
  pseudonym: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  role: FamilyRoleSchema,
  ageBand: z._default(AgeBandSchema, 'unknown'),
});
export type FamilyMember = z.output<typeof FamilyMemberSchema>;

/**
 * The Leicestershire cluster analysis found four family types (seed 003); a journey may say
 * which one it resembles, which lets practitioners compare like with like.
 */
export const FAMILY_TYPES = [
  'disaffected-young-people',
  'disengaged-young-people',
  'early-family-support',
  'isolated-specialist-support',
] as const;
export const FamilyTypeSchema = z.enum(FAMILY_TYPES);

export const FamilySchema = z.strictObject({
  /** How the family is named on screen and in reports, e.g. "The Hartley family" (a pseudonym). */
  pseudonym: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  familyType: z.optional(FamilyTypeSchema),
  members: z._default(z.array(FamilyMemberSchema).check(z.maxLength(40)), []),
});
