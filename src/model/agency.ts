/**
 * Agencies: who bears a cost or makes a saving. Every agency rolls up to one of the categories
 * that councils report on (Leicestershire's "benefits by agency" table, seed 002).
 */
import { z } from 'zod/mini';
import { AgencyIdSchema } from './ids.ts';

export const AGENCY_CATEGORIES = {
  'county-council': "County council (children's services)",
  'district-council': 'District councils (housing, anti-social behaviour)',
  police: 'Police',
  moj: 'Ministry of Justice and courts',
  'hmt-dwp': 'HM Treasury / DWP',
  'fire-rescue': 'Fire and rescue',
  nhs: 'NHS',
  schools: 'Schools',
} as const;

export type AgencyCategory = keyof typeof AGENCY_CATEGORIES;
export const AgencyCategorySchema = z.enum(Object.keys(AGENCY_CATEGORIES) as [AgencyCategory, ...AgencyCategory[]]);

export const AgencySchema = z.strictObject({
  id: AgencyIdSchema,
  /** e.g. "Leicestershire Police"; never a person's name. */
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  category: AgencyCategorySchema,
});
export type Agency = z.output<typeof AgencySchema>;

/**
 * One agency per category, always available under the category's own id ("police", "nhs"…),
 * so a journey can attach costs without first listing its local agencies.
 */
export const BUILT_IN_AGENCIES: readonly Agency[] = (
  Object.entries(AGENCY_CATEGORIES) as [AgencyCategory, string][]
).map(([category, name]) => AgencySchema.parse({ id: category, name, category }));

/** The agency with this id among a journey's own agencies and the built-in ones. */
export function findAgency(agencies: readonly Agency[], id: string): Agency | undefined {
  return agencies.find((a) => a.id === id) ?? BUILT_IN_AGENCIES.find((a) => a.id === id);
}
