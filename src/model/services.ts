/**
 * The services a family meets along the way (touchpoints). One registry, so labels and the
 * agency category a service rolls up to live in one place.
 */
import { z } from 'zod/mini';
import type { AgencyCategory } from './agency.ts';

interface ServiceKind {
  label: string;
  /** The council reporting category this service's costs usually fall to. */
  category: AgencyCategory;
}

export const SERVICE_KINDS = {
  school: { label: 'School', category: 'schools' },
  'early-years': { label: "Nursery or children's centre", category: 'county-council' },
  gp: { label: 'GP', category: 'nhs' },
  'health-visitor': { label: 'Health visitor', category: 'nhs' },
  hospital: { label: 'Hospital or A&E', category: 'nhs' },
  'mental-health': { label: 'Adult mental health service', category: 'nhs' },
  camhs: { label: 'CAMHS', category: 'nhs' },
  'drug-alcohol': { label: 'Drug and alcohol service', category: 'nhs' },
  police: { label: 'Police', category: 'police' },
  'youth-offending': { label: 'Youth offending service', category: 'county-council' },
  'probation-courts': { label: 'Probation or courts', category: 'moj' },
  'social-care': { label: "Children's social care", category: 'county-council' },
  'family-support': { label: 'Family support worker', category: 'county-council' },
  housing: { label: 'Housing', category: 'district-council' },
  'asb-team': { label: 'Anti-social behaviour team', category: 'district-council' },
  'job-centre': { label: 'Jobcentre Plus', category: 'hmt-dwp' },
  'domestic-abuse': { label: 'Domestic abuse service', category: 'county-council' },
  'fire-service': { label: 'Fire and rescue', category: 'fire-rescue' },
  'voluntary-sector': { label: 'Charity or community group', category: 'county-council' },
} as const satisfies Record<string, ServiceKind>;

export type ServiceKey = keyof typeof SERVICE_KINDS;
export const SERVICE_KEYS = Object.keys(SERVICE_KINDS) as [ServiceKey, ...ServiceKey[]];
export const ServiceKeySchema = z.enum(SERVICE_KEYS);
