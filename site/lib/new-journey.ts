/**
 * Starting a journey: the one check for the home page's form and for POST /api/journeys (JSON),
 * with messages written for the facilitator who filled it in. A journey belongs to a family:
 * one of the staff member's projects' families, or a new one named here. The family's agreement
 * to mapping is recorded as a consent decision by the staff member who ticked the box.
 */
import { z } from 'zod';
import { projectsOf } from '../../server/auth/document-access.ts';
import type { StaffIdentity } from '../../server/auth/staff-sessions.ts';
import { RECORDABLE_METHODS } from '../../server/families/consent-scopes.ts';
import { today } from '../../server/families/decision-input.ts';
import { createFamily, recordDecisions } from '../../server/families/family-library.ts';
import { createJourney } from '../../server/journey-library.ts';
import { JOURNEY_TEMPLATE_KEYS } from '../../server/journey-templates.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import type { FamilyRecord } from '../../server/storage/family-records.ts';
import type { Journey } from '../../src/model/index.ts';
import { actorOf, homeProject } from './access.ts';
import { bodyError, problemsOf, requiredText, typed, type FieldProblem } from './forms.ts';

/** The fields in the order the form shows them, with the names people know them by. */
export const NEW_JOURNEY_LABELS = {
  title: 'Title',
  family: 'Family',
  familyPseudonym: 'Pseudonym for a new family',
  template: 'Start from',
  consentMethod: 'How the family agreed',
  consent: "The family's agreement",
} as const;
const ORDER = Object.keys(NEW_JOURNEY_LABELS);

/** The `family` value that asks for a new family. */
export const NEW_FAMILY = 'new';

const NewJourneyBody = z
  .strictObject(
    {
      title: requiredText(120, 'give the journey a title'),
      family: z
        .string({ error: 'choose the family, or a new family' })
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'choose the family from the list, or a new family')
        .default(NEW_FAMILY),
      familyPseudonym: z
        .string({ error: 'give the new family a pseudonym as text' })
        .trim()
        .max(80, {
          error: (issue) => `at most 80 characters; this one has ${String(issue.input).length}`,
        })
        .default(''),
      template: z.enum(JOURNEY_TEMPLATE_KEYS, { error: 'choose how to start the journey' }).default('blank'),
      consentMethod: z
        .enum(RECORDABLE_METHODS, { error: `choose how the family agreed: ${RECORDABLE_METHODS.join(', ')}` })
        .default('verbal-in-person'),
      consent: z.literal('yes', { error: 'tick the box once the family has agreed to map their journey with you' }),
    },
    { error: bodyError('the new journey') },
  )
  .superRefine((body, ctx) => {
    if (body.family === NEW_FAMILY && body.familyPseudonym === '')
      ctx.addIssue({
        code: 'custom',
        path: ['familyPseudonym'],
        message: 'give the new family a pseudonym (a made-up name, not their real one)',
      });
    if (body.family !== NEW_FAMILY && body.familyPseudonym !== '')
      ctx.addIssue({
        code: 'custom',
        path: ['familyPseudonym'],
        message: 'leave this empty when you choose a family from the list, or choose “A new family”',
      });
  });

/** The form as typed, to show it again. */
export interface NewJourneyValues {
  title: string;
  family: string;
  familyPseudonym: string;
  template: string;
  consentMethod: string;
  consent: boolean;
}

export const NEW_JOURNEY_DEFAULTS: NewJourneyValues = {
  title: '',
  family: NEW_FAMILY,
  familyPseudonym: '',
  template: 'blank',
  consentMethod: 'verbal-in-person',
  consent: false,
};

export function newJourneyValues(form: FormData | undefined): NewJourneyValues {
  return {
    title: typed(form, 'title'),
    family: typed(form, 'family') || NEW_FAMILY,
    familyPseudonym: typed(form, 'familyPseudonym'),
    template: typed(form, 'template') || 'blank',
    consentMethod: typed(form, 'consentMethod') || 'verbal-in-person',
    consent: typed(form, 'consent') === 'yes',
  };
}

/** The body the form's values make, for the same check as a JSON body. */
export const bodyOfValues = (values: NewJourneyValues): Record<string, unknown> => ({
  title: values.title,
  family: values.family,
  familyPseudonym: values.familyPseudonym,
  template: values.template,
  consentMethod: values.consentMethod,
  ...(values.consent ? { consent: 'yes' } : {}),
});

export type Started = { ok: true; journey: Journey; family: FamilyRecord } | { ok: false; problems: FieldProblem[] };

/** The families a staff member may start a journey for: those of their projects, by pseudonym. */
export function familiesToChoose(store: DocumentStore, staff: StaffIdentity): Promise<FamilyRecord[]> {
  return store.families.listFamilies([...projectsOf(staff)]);
}

/**
 * Start a journey from a checked body: for a family of the staff member's projects (the journey
 * joins the family's project) or a new family in their first project, with the family's
 * agreement to mapping recorded by the staff member who ticked the box.
 */
export async function startJourney(store: DocumentStore, body: unknown, staff: StaffIdentity): Promise<Started> {
  const parsed = NewJourneyBody.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, ORDER) };
  const by = actorOf({ staff });
  const chosen = parsed.data.family === NEW_FAMILY ? undefined : await store.families.getFamily(parsed.data.family);
  // Another project's family is refused as if it were not there: ids cannot be probed for.
  if (parsed.data.family !== NEW_FAMILY && (!chosen || !projectsOf(staff).has(chosen.projectId)))
    return { ok: false, problems: [{ field: 'family', message: 'choose the family from the list, or a new family' }] };
  const projectId = chosen?.projectId ?? homeProject(staff);
  if (!projectId)
    return {
      ok: false,
      problems: [{ field: '', message: 'you are not on any project yet: ask an admin to add you to one' }],
    };
  const family =
    chosen ?? (await createFamily(store, { projectId, pseudonym: parsed.data.familyPseudonym, createdBy: by }));
  await recordDecisions(store, family, [
    {
      scope: 'mapping',
      decision: 'given',
      givenBy: 'The family',
      method: parsed.data.consentMethod,
      decidedOn: today(),
      recordedBy: by,
    },
  ]);
  const journey = await createJourney(store, {
    title: parsed.data.title,
    familyPseudonym: family.pseudonym,
    template: parsed.data.template,
  });
  await store.access.placeDocument(journey.id, projectId);
  await store.families.attachDocument(journey.id, family.id);
  return { ok: true, journey, family };
}
