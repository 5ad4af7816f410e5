/**
 * The kinds of event that cost public services money. One registry: labels, what the quantity
 * counts, the agency category that usually bears it and the Unit Cost Database row that prices
 * it by default. Adding a kind is one entry here (plus its tests).
 */
import { z } from 'zod/mini';
import type { AgencyCategory } from './agency.ts';

interface CostEventKind {
  label: string;
  /**
   * What a programme aims for, in plain words, as a theory of change names the outcome
   * ("Fewer police call-outs"); drafted theories of change take their outcome titles from here.
   */
  outcome: string;
  /** What `quantity` counts for this kind of event. */
  counts: 'times' | 'weeks' | 'years' | 'hours';
  category: AgencyCategory;
  /** Default row (code) in the Unit Cost Database v1.4 sample; absent where it has none. */
  defaultUnitCode?: string;
}

export const COST_EVENT_KINDS = {
  police_callout: {
    label: 'Police call-out',
    outcome: 'Fewer police call-outs',
    counts: 'times',
    category: 'police',
    defaultUnitCode: 'CR1.1',
  },
  asb_incident: {
    label: 'Anti-social behaviour incident',
    outcome: 'Fewer anti-social behaviour incidents',
    counts: 'times',
    category: 'police',
    defaultUnitCode: 'CR1.0',
  },
  arrest: { label: 'Arrest', outcome: 'Fewer arrests', counts: 'times', category: 'police', defaultUnitCode: 'CR7.0' },
  dv_incident: {
    label: 'Domestic abuse incident',
    outcome: 'Fewer domestic abuse incidents',
    counts: 'times',
    category: 'police',
    defaultUnitCode: 'CR2.0.3',
  },
  youth_offending: {
    label: 'Young person enters the justice system',
    outcome: 'Fewer young people entering the justice system',
    counts: 'years',
    category: 'moj',
    defaultUnitCode: 'CR4.0',
  },
  ae_attendance: {
    label: 'A&E visit',
    outcome: 'Fewer A&E visits',
    counts: 'times',
    category: 'nhs',
    defaultUnitCode: 'HE4.0',
  },
  ambulance: {
    label: 'Ambulance call-out',
    outcome: 'Fewer ambulance call-outs',
    counts: 'times',
    category: 'nhs',
    defaultUnitCode: 'HE3.0',
  },
  camhs: {
    label: 'CAMHS case',
    outcome: 'Fewer children needing CAMHS',
    counts: 'times',
    category: 'nhs',
    defaultUnitCode: 'HE12.3',
  },
  school_exclusion: {
    label: 'Permanent school exclusion',
    outcome: 'Fewer permanent exclusions from school',
    counts: 'years',
    category: 'schools',
    defaultUnitCode: 'E&S2.0',
  },
  persistent_absence: {
    label: 'Persistent absence from school',
    outcome: 'Less persistent absence from school',
    counts: 'years',
    category: 'schools',
    defaultUnitCode: 'E&S1.0',
  },
  child_protection_enquiry: {
    label: 'Child protection enquiry (section 47)',
    outcome: 'Fewer child protection enquiries',
    counts: 'times',
    category: 'county-council',
    defaultUnitCode: 'SS5.0.7',
  },
  child_protection_assessment: {
    label: 'Child protection core assessment',
    outcome: 'Fewer child protection assessments',
    counts: 'times',
    category: 'county-council',
    defaultUnitCode: 'SS4.0',
  },
  child_in_need: {
    label: 'Child in Need process (6 months)',
    outcome: 'Fewer children in need',
    counts: 'times',
    category: 'county-council',
    defaultUnitCode: 'SS5.0',
  },
  early_help_assessment: {
    label: 'Early help assessment (CAF)',
    outcome: 'Less need for early help assessments',
    counts: 'times',
    category: 'county-council',
    defaultUnitCode: 'SS6.0',
  },
  care_proceedings: {
    label: 'Care proceedings (section 31)',
    outcome: 'Fewer care proceedings',
    counts: 'times',
    category: 'moj',
    defaultUnitCode: 'SS4.1',
  },
  taken_into_care: {
    label: 'Child taken into care (foster care)',
    outcome: 'Fewer children taken into care',
    counts: 'weeks',
    category: 'county-council',
    defaultUnitCode: 'SS2.0',
  },
  parenting_programme: {
    label: 'Parenting programme place',
    outcome: 'Less need for parenting programme places',
    counts: 'times',
    category: 'county-council',
    defaultUnitCode: 'SS15.2',
  },
  social_worker_time: {
    label: "Children's social worker time",
    outcome: "Less children's social worker time needed",
    counts: 'hours',
    category: 'county-council',
    defaultUnitCode: 'SS18.2',
  },
  eviction: {
    label: 'Eviction',
    outcome: 'Fewer evictions',
    counts: 'times',
    category: 'district-council',
    defaultUnitCode: 'HO1.0',
  },
  homelessness: {
    label: 'Homelessness application',
    outcome: 'Fewer homelessness applications',
    counts: 'times',
    category: 'district-council',
    defaultUnitCode: 'HO3.0',
  },
  temporary_accommodation: {
    label: 'Temporary accommodation (B&B)',
    outcome: 'Less time in temporary accommodation',
    counts: 'weeks',
    category: 'district-council',
    defaultUnitCode: 'HO4.1',
  },
  benefit_claim: {
    label: 'Out-of-work benefit claim',
    outcome: 'Fewer adults on out-of-work benefits',
    counts: 'years',
    category: 'hmt-dwp',
    defaultUnitCode: 'E&E2.0',
  },
  neet: {
    label: 'Young person not in education, employment or training',
    outcome: 'Fewer young people not in education, employment or training',
    counts: 'years',
    category: 'hmt-dwp',
    defaultUnitCode: 'E&E10.0',
  },
  fire_callout: {
    label: 'Fire service call-out',
    outcome: 'Fewer fire service call-outs',
    counts: 'times',
    category: 'fire-rescue',
    defaultUnitCode: 'FI2.0',
  },
  other: {
    label: 'Other event',
    outcome: 'Less need for other crisis services',
    counts: 'times',
    category: 'county-council',
  },
} as const satisfies Record<string, CostEventKind>;

export type CostEventType = keyof typeof COST_EVENT_KINDS;
export const COST_EVENT_TYPES = Object.keys(COST_EVENT_KINDS) as [CostEventType, ...CostEventType[]];
export const CostEventTypeSchema = z.enum(COST_EVENT_TYPES);

export function costEventKind(type: CostEventType): CostEventKind {
  return COST_EVENT_KINDS[type];
}
