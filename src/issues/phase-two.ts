/**
 * The built-in issue set: the six headline problems of the Troubled Families Programme's Phase
 * Two, as Supporting Leicestershire Families reported them to its Safer Communities Strategy
 * Board, with the concrete issues the seed documents name beneath or beside each.
 *
 * Only issues a document names are here: 21 of them. The Leicestershire research found "twenty
 * five common issues, from risk factors to difficulties affecting children and parents" but never
 * names them, so the other four are not invented; a project that knows them adds them in a new
 * version of its own set.
 *
 * Every passage is quoted exactly (list dashes and bullets left out) from the document its key
 * names in `SEED_DOCUMENTS` (./sources.ts).
 *
 * Placement, where the documents leave room for choice:
 * - SEND, poor attainment, parenting concerns and eviction sit *beside* a headline: recorded and
 *   shown with it, never counted towards eligibility (see each issue's note for why).
 * - Historic domestic abuse is a "yes" to `domestic-abuse`, not an issue of its own.
 * - Police call-outs (LIFE) are a count to track over time, not an issue; "cause high costs to the
 *   public purse" was a Phase One criterion and is not an issue either.
 */
import { IssueSetSchema, type IssueSet, type IssueSource } from '../model/issue-set.ts';
import type { SeedDocumentKey } from './sources.ts';

/** A citation whose document key is checked against the table of seed documents. */
const cite = (document: SeedDocumentKey, at: string, passage: string): IssueSource => ({ document, passage, at });

const dfe = (at: string, passage: string) => cite('dfe-life-case-study', at, passage);
const life = (at: string, passage: string) => cite('ofsted-life-swindon', at, passage);
const slf = (at: string, passage: string) => cite('lscsb-slf-update-2016', at, passage);
const fa = (at: string, passage: string) => cite('family-action-ifs', at, passage);

/** LIFE's opening paragraph lists the risks its families had, naming nine of the issues at once. */
const LIFE_RISKS = 'opening paragraph';

const headline = (id: string, roman: string, label: string, shortLabel: string) => ({
  id,
  label,
  shortLabel,
  sources: [slf(`§1.6 ${roman}`, label)],
});

export const PHASE_TWO_ISSUE_SET: IssueSet = IssueSetSchema.parse({
  id: 'tf-phase-two',
  version: 1,
  name: 'Troubled Families Phase Two: six headline problems',
  headlines: [
    headline(
      'crime-asb',
      'i',
      'Parents or children involved in crime or anti-social behaviour',
      'crime or anti-social behaviour',
    ),
    headline('school', 'ii', 'Children who have not been attending school regularly', 'school attendance'),
    headline(
      'children-need-help',
      'iii',
      'Children who need help: children of all ages, who need help, are identified as in need or are subject to a Child Protection Plan.',
      'children who need help',
    ),
    headline(
      'work-money',
      'iv',
      'Adults out of work or at risk of financial exclusion and young people at risk of worklessness',
      'work and money',
    ),
    headline('violence-abuse', 'v', 'Families affected by domestic violence and abuse', 'domestic violence and abuse'),
    headline('health', 'vi', 'Parents or children with a range of health problems.', 'health'),
  ],
  issues: [
    {
      id: 'offending',
      label: 'Offending',
      headline: 'crime-asb',
      sources: [
        fa('footnote 6', '8 children had a proven offence within the last 12 months'),
        life(LIFE_RISKS, 'offending and anti-social behaviour'),
      ],
    },
    {
      id: 'asb',
      label: 'Anti-social behaviour',
      headline: 'crime-asb',
      sources: [
        fa('footnote 6', '12 families were involved in ASB in the last 12 months'),
        life(LIFE_RISKS, 'offending and anti-social behaviour'),
      ],
    },
    {
      id: 'risk-of-justice-system',
      label: 'At risk of entering the justice system',
      headline: 'crime-asb',
      sources: [fa('case file', 'One of the children is at risk of entering the judicial system')],
    },
    {
      id: 'serious-organised-crime',
      label: 'Involved in, or vulnerable to, serious and organised crime',
      headline: 'crime-asb',
      sources: [
        slf('§8.1', 'identify families involved in Serious and Organised Crime'),
        slf('§8.1', 'identify families who are vulnerable to involvement in SOC'),
      ],
    },
    {
      id: 'poor-attendance',
      label: 'Poor school attendance',
      headline: 'school',
      sources: [
        life(LIFE_RISKS, 'poor attendance'),
        slf('§1.2', 'have children not in school'),
        fa('school attendance', 'school attendance was less than 85% at referral'),
      ],
    },
    {
      id: 'exclusion',
      label: 'Excluded from school',
      headline: 'school',
      note: 'Excluded children are not attending school; Family Action names "school attendance and exclusion" together.',
      sources: [
        life(LIFE_RISKS, 'exclusions'),
        fa('case file', 'increased exclusions from school'),
        fa('the need', 'issues around school attendance and exclusion'),
      ],
    },
    {
      id: 'poor-attainment',
      label: 'Poor or declining attainment at school',
      beside: 'school',
      note: 'The headline is about attending school; a child who attends but is falling behind does not meet it. Recorded beside it.',
      sources: [
        life(LIFE_RISKS, 'poor achievement at school'),
        fa('case file', "Children's educational attainment declining"),
      ],
    },
    {
      id: 'send',
      label: 'Special educational needs and disabilities (SEND)',
      beside: 'school',
      note: 'A need to be supported, not a risk: LIFE lists it apart from the risks, as "other support requirements".',
      sources: [life(LIFE_RISKS, 'other support requirements such as special educational needs and disabilities')],
    },
    {
      id: 'child-in-need',
      label: 'Child in Need',
      headline: 'children-need-help',
      sources: [
        slf('§1.6 iii', 'are identified as in need'),
        fa('child protection', '57% of children no longer Child in Need'),
      ],
    },
    {
      id: 'child-protection-plan',
      label: 'Child Protection Plan',
      headline: 'children-need-help',
      sources: [
        slf('§1.6 iii', 'are subject to a Child Protection Plan'),
        fa('the need', 'experienced child protection interventions'),
        life('benefits', '13 children are no longer subject to child protection plans'),
        dfe('impact', '28% reduction in children with child protection plans'),
      ],
    },
    {
      id: 'risk-of-care',
      label: 'Child at risk of entering care',
      headline: 'children-need-help',
      sources: [life('benefits', '10 children at risk of entering the care system')],
    },
    {
      id: 'child-sexual-exploitation',
      label: 'Child sexual exploitation',
      headline: 'children-need-help',
      sources: [fa('case file', 'exposed to Child Sexual Exploitation (CSE)')],
    },
    {
      id: 'parenting-concerns',
      label: 'Concerns about parenting',
      beside: 'children-need-help',
      note: 'A worry about the parents, listed as a reason for referral of its own; the headline asks about the children. A worker who judges that the children need help answers the headline.',
      sources: [fa('case file', 'Intergenerational parenting concerns.')],
    },
    {
      id: 'adult-out-of-work',
      label: 'Adult out of work',
      headline: 'work-money',
      sources: [
        slf('§1.6 iv', 'Adults out of work'),
        slf('§1.2', 'have an adult on out of work benefits'),
        dfe('impact', 'families with no adults in employment'),
        fa('the need', 'had no one in work'),
        fa('case file', 'Unemployment (mother).'),
      ],
    },
    {
      id: 'financial-exclusion',
      label: 'At risk of financial exclusion',
      headline: 'work-money',
      sources: [slf('§1.6 iv', 'at risk of financial exclusion')],
    },
    {
      id: 'young-person-worklessness',
      label: 'Young person at risk of worklessness',
      headline: 'work-money',
      sources: [slf('§1.6 iv', 'young people at risk of worklessness')],
    },
    {
      id: 'eviction-risk',
      label: 'At risk of eviction',
      beside: 'work-money',
      note: 'Housing is under none of the six headlines. Recorded beside work and money, its nearest; a family whose arrears put it at risk of financial exclusion answers that issue too.',
      sources: [life('benefits', 'six eviction orders have been avoided')],
    },
    {
      id: 'domestic-abuse',
      label: 'Domestic violence and abuse',
      headline: 'violence-abuse',
      note: 'Abuse in the past that still affects the family ("Historic domestic abuse.") is a yes here.',
      sources: [
        slf('§1.6 v', 'Families affected by domestic violence and abuse'),
        life(LIFE_RISKS, 'domestic violence'),
        fa('the need', 'reported incidents of domestic abuse'),
        fa('case file', 'Historic domestic abuse.'),
      ],
    },
    {
      id: 'mental-health',
      label: 'Mental health',
      headline: 'health',
      sources: [
        life(LIFE_RISKS, 'parental mental health'),
        fa('the need', 'had poor mental health'),
        life(
          'benefits',
          '73% of family members have improved mental health, where this was identified as a risk factor',
        ),
      ],
    },
    {
      id: 'physical-health',
      label: 'Physical health',
      headline: 'health',
      sources: [fa('the need', 'had poor physical health')],
    },
    {
      id: 'substance-misuse',
      label: 'Drug or alcohol misuse',
      headline: 'health',
      sources: [life(LIFE_RISKS, 'substance misuse'), fa('case file', 'Drug and Alcohol dependency (mother).')],
    },
  ],
  eligibility: { minHeadlines: 2 },
});

/** The passage that sets the eligibility rule, quoted for display beside the count. */
export const PHASE_TWO_ELIGIBILITY_SOURCE: IssueSource = slf(
  '§1.6',
  'To be eligible for the expanded programme, each family must have at least two of the following six problems',
);
