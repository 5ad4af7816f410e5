/**
 * The words a draft is written in. Titles for common codes and for every service are written by
 * hand, in the plain language of the theories of change we learn from (Family Action's "consistent
 * key worker approach", LIFE's "family led", Leicestershire's "better lives independent from the
 * state"); any other code falls back to a template built from its label. Nothing here quotes a
 * family, and nothing carries a count: counts are computed from the evidence by exports, where
 * small ones can be suppressed.
 */
import type { ServiceKey } from '../../model/services.ts';

/** Preconditions: the state that must be reached first, for a barrier coded this way. */
const BARRIER_TITLES = new Map(
  Object.entries({
    debt: 'Debt and arrears under control',
    isolation: 'Someone to turn to: families no longer on their own',
    'mental-health': 'Mental health needs recognised and treated',
    'domestic-abuse': 'Safe from domestic abuse',
    'substance-use': 'Drink and drug use under control',
    'school-attendance': 'Children back in school and staying there',
    'asb-offending': 'Young people steered away from offending and anti-social behaviour',
    offending: 'Young people steered away from offending',
    'police-asb': 'Less trouble with the police and the neighbours',
    'child-exploitation': 'Children safe from exploitation',
    'child-protection': 'Children safe, with the family working alongside social care',
    parenting: 'Parents confident in setting routines and boundaries',
    'parenting-routines': 'Routines, boundaries and consequences that hold at home',
    'trusted-worker': 'Trust in one worker, in place of many who come and go',
    'housing-insecurity': 'A safe and settled home',
    'special-educational-needs': "Children's additional needs recognised and met",
    'family-relationships': 'Calmer relationships at home',
    'peer-influence': 'Young people less drawn in by friends who lead them into trouble',
    'informal-support': 'Family and friends to lean on',
    'peer-support': 'Other parents to lean on',
    confidence: 'Parents with the confidence to take things on',
    'learning-and-work': 'A way into learning, training or work',
    'work-and-training': 'A way into training or work',
    'education-training': 'A way into college, training or work',
  }),
);

/** Activities: what the programme does, for an enabler coded this way. */
const ENABLER_TITLES = new Map(
  Object.entries({
    'trusted-worker': 'A trusted key worker who keeps coming back',
    debt: 'Practical help with money, debt and arrears',
    isolation: 'Connecting the family with people and groups nearby',
    'mental-health': 'Help to reach mental health support, with someone alongside',
    'domestic-abuse': 'Help to get safe from domestic abuse',
    'substance-use': 'Support into drug and alcohol services',
    'school-attendance': 'Working with the school to get children back in class',
    'asb-offending': 'Steering young people away from offending',
    offending: 'Steering young people away from offending',
    'police-asb': 'Working with the police and the anti-social behaviour team',
    'child-exploitation': 'Working with other professionals to keep children safe from exploitation',
    'child-protection': 'Standing alongside the family in child protection work',
    parenting: 'Working with parents on routines, boundaries and consequences',
    'parenting-routines': 'Age-appropriate routines, boundaries and consequences, worked out at home',
    'housing-insecurity': 'Help to secure and keep a home',
    'special-educational-needs': "Getting children's additional needs assessed and met",
    'family-relationships': 'Relationship building with the whole family',
    'peer-influence': 'Helping young people find new friends and things to do',
    'informal-support': 'Drawing in family and friends',
    'peer-support': 'Bringing parents together to support each other',
    confidence: 'Family-led work that builds confidence: families choose and lead',
    'learning-and-work': 'Support into learning, training or work',
    'work-and-training': 'Support into training or work',
    'education-training': 'Support into college, training or work',
  }),
);

/** Activities drawn from services present where families moved up the scale. */
const SERVICE_TITLES = {
  school: 'Work alongside the school',
  'early-years': "Link the family with nursery or the children's centre",
  gp: 'Go with parents to the GP',
  'health-visitor': 'Work alongside the health visitor',
  hospital: 'Work alongside hospital staff',
  'mental-health': 'Link parents with adult mental health services',
  camhs: 'Work alongside CAMHS',
  'drug-alcohol': 'Link parents with the drug and alcohol service',
  police: 'Work alongside the police',
  'youth-offending': 'Work alongside the youth offending service',
  'probation-courts': 'Work alongside probation and the courts',
  'social-care': "Work alongside children's social care",
  'family-support': 'Home-based, intensive family support',
  housing: "Work with housing to keep the family's home",
  'asb-team': 'Work with the anti-social behaviour team',
  'job-centre': 'Work with Jobcentre Plus towards training and work',
  'domestic-abuse': 'Work alongside the domestic abuse service',
  'fire-service': 'Work alongside the fire service',
  'voluntary-sector': 'Step down to community groups and charities',
} as const satisfies Record<ServiceKey, string>;

/** "Debt and money" → "debt and money"; an initialism such as "CAMHS" is left alone. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

export function barrierTitle(code: string, label: string): string {
  return BARRIER_TITLES.get(code) ?? `${label} no longer holding the family back`;
}

export function enablerTitle(code: string, label: string): string {
  return ENABLER_TITLES.get(code) ?? `Help with ${lowerFirst(label)}`;
}

export function serviceTitle(service: ServiceKey): string {
  return SERVICE_TITLES[service];
}

export const IMPACT_TITLE =
  'Families are managing well without formal support, and the cycle is not passed on to the children';
export const IMPACT_DESCRIPTION =
  "The goal: families' lives are transformed and the intergenerational cycle of disadvantage is halted. " +
  'Drafted from the stages where families reached the top of the scale.';

export const LESS_CRISIS_TITLE = 'Less need for crisis services';
export const LESS_CRISIS_DESCRIPTION =
  'Families move out of a cycle of expensive, reactive, crisis-driven services. ' +
  'Gathers the cost outcomes drafted from events that recurred across families.';

export const LASTING_TITLE = 'Progress lasts after support ends';
export const LASTING_DESCRIPTION =
  'Families keep the level they had reached when support ended, or go further, with lower-level ' +
  'services to turn to. Drafted from the stages rated after support ended.';

export const POPULATION = 'Families supported by the programme';

/** Why each kind of drafted link was drawn: the pattern, never a family's words or a count. */
export const RATIONALES = {
  enablerToBarrier:
    'Drafted: families named this help where this barrier held them back (the same theme, or the same point in their story).',
  serviceToStep: 'Drafted: families met this service at the point where they moved up to this step.',
  barrierToStep:
    'Drafted: this was the next step families made on the scale, at or after the point where this barrier held them back.',
  barrierToCost: 'Drafted: this cost event happened at the same point in families’ stories as this barrier.',
  stepToStep: 'Drafted: families who made this step went on to make the next one.',
  stepToLasting: 'Drafted: families who were at this level when support ended were still there, or higher, afterwards.',
  costToLessCrisis: 'Drafted: a crisis service that families needed again and again.',
  stepToImpact: 'Drafted: families who made this step reached the top of the scale: managing without formal support.',
  lessCrisisToImpact: 'Drafted: families who had needed these crisis services went on to reach the top of the scale.',
  lastingToImpact: 'Drafted: families whose progress lasted after support reached the top of the scale.',
} as const;

export const ASSUMPTIONS = {
  progressHolds: {
    id: 'progress-holds-after-support',
    text:
      'Progress holds once support steps down: families keep what they have built when the key worker ' +
      'steps back, with lower-level services to turn to. Drafted because levels fell after support ended.',
    kind: 'causal',
    risk: 'high',
  },
  setbacks: {
    id: 'setbacks-are-recovered',
    text:
      'Setbacks do not undo the work: families who fall back a level can climb again while support stays ' +
      'with them. Drafted because families fell back across a step and climbed it again.',
    kind: 'theoretical',
    risk: 'medium',
  },
} as const;
