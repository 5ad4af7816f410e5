/**
 * Starting a journey: the one check for the home page's form and for POST /api/journeys (JSON),
 * with messages written for the facilitator who filled it in.
 */
import { z } from 'zod';
import { createFamily, recordDecisions } from '../../server/families/family-library.ts';
import { createJourney } from '../../server/journey-library.ts';
import { JOURNEY_TEMPLATE_KEYS } from '../../server/journey-templates.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import type { Journey } from '../../src/model/index.ts';
import { bodyError, problemsOf, requiredText, typed, type FieldProblem } from './forms.ts';

/** The fields in the order the form shows them, with the names people know them by. */
export const NEW_JOURNEY_LABELS = {
  title: 'Title',
  familyPseudonym: 'Family pseudonym',
  template: 'Start from',
  consent: "The family's agreement",
} as const;
const ORDER = Object.keys(NEW_JOURNEY_LABELS);

const NewJourneyBody = z.strictObject(
  {
    title: requiredText(120, 'give the journey a title'),
    familyPseudonym: requiredText(80, 'give the family a pseudonym (a made-up name, not their real one)'),
    template: z.enum(JOURNEY_TEMPLATE_KEYS, { error: 'choose how to start the journey' }).default('blank'),
    consent: z.literal('yes', { error: 'tick the box once the family has agreed to map their journey with you' }),
  },
  { error: bodyError('the new journey') },
);

/** The form as typed, to show it again. */
export interface NewJourneyValues {
  title: string;
  familyPseudonym: string;
  template: string;
  consent: boolean;
}

export const NEW_JOURNEY_DEFAULTS: NewJourneyValues = {
  title: '',
  familyPseudonym: '',
  template: 'blank',
  consent: false,
};

export function newJourneyValues(form: FormData | undefined): NewJourneyValues {
  return {
    title: typed(form, 'title'),
    familyPseudonym: typed(form, 'familyPseudonym'),
    template: typed(form, 'template') || 'blank',
    consent: typed(form, 'consent') === 'yes',
  };
}

/** The body the form's values make, for the same check as a JSON body. */
export const bodyOfValues = (values: NewJourneyValues): Record<string, unknown> => ({
  title: values.title,
  familyPseudonym: values.familyPseudonym,
  template: values.template,
  ...(values.consent ? { consent: 'yes' } : {}),
});

export type Started = { ok: true; journey: Journey } | { ok: false; problems: FieldProblem[] };

/**
 * Start a journey in this project (the staff member's), from a checked body: a new family with
 * its agreement to mapping recorded by the staff member who ticked the box.
 */
export async function startJourney(
  store: DocumentStore,
  body: unknown,
  projectId: string,
  recordedBy: string,
): Promise<Started> {
  const parsed = NewJourneyBody.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, ORDER) };
  const family = await createFamily(store, {
    projectId,
    pseudonym: parsed.data.familyPseudonym,
    createdBy: recordedBy,
  });
  await recordDecisions(store, family, [
    {
      scope: 'mapping',
      decision: 'given',
      givenBy: parsed.data.familyPseudonym,
      method: 'verbal-in-person',
      decidedOn: new Date().toISOString().slice(0, 10),
      recordedBy,
    },
  ]);
  const journey = await createJourney(store, {
    title: parsed.data.title,
    familyPseudonym: parsed.data.familyPseudonym,
    template: parsed.data.template,
  });
  await store.access.placeDocument(journey.id, projectId);
  await store.families.attachDocument(journey.id, family.id);
  return { ok: true, journey };
}
