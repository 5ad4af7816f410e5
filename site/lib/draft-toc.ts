/**
 * Drafting a theory of change from chosen journeys: the one check for the home page's form and
 * for POST /api/toc (JSON), with messages written for the facilitator who filled it in.
 */
import { z } from 'zod';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { consentOfJourneys } from '../../server/families/consent-lookup.ts';
import { draftAndStoreToc } from '../../server/toc-library.ts';
import { allows, type TheoryOfChange } from '../../src/model/index.ts';
import { bodyError, problemsOf, requiredText, typed, type FieldProblem } from './forms.ts';

/** The fields in the order the form shows them, with the names people know them by. */
export const DRAFT_LABELS = {
  journeyIds: 'Journeys',
  title: 'Title',
  minFamilies: 'Families who share a step',
} as const;
const ORDER = Object.keys(DRAFT_LABELS);

const WHOLE_NUMBER = 'enter a whole number from 1 to 1000, or leave it empty to let the draft choose';

const DraftBody = z.strictObject(
  {
    title: requiredText(200, 'give the theory of change a title'),
    journeyIds: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'choose journeys from the list'), {
        error: 'choose at least one journey',
      })
      .min(1, 'choose at least one journey')
      .max(2000, 'choose at most 2000 journeys'),
    minFamilies: z.coerce
      .number({ error: WHOLE_NUMBER })
      .int(WHOLE_NUMBER)
      .min(1, WHOLE_NUMBER)
      .max(1000, WHOLE_NUMBER)
      .optional(),
  },
  { error: bodyError('the draft') },
);

/** The form as typed, to show it again. */
export interface DraftValues {
  title: string;
  journeyIds: string[];
  minFamilies: string;
}

export function draftValues(form: FormData | undefined): DraftValues {
  return {
    title: typed(form, 'title'),
    journeyIds: (form?.getAll('journeyIds') ?? []).filter((v) => typeof v === 'string'),
    minFamilies: typed(form, 'minFamilies'),
  };
}

/** The body the form's values make, for the same check as a JSON body (an empty number is no number). */
export const bodyOfValues = (values: DraftValues): Record<string, unknown> => ({
  title: values.title,
  journeyIds: values.journeyIds,
  ...(values.minFamilies.trim() ? { minFamilies: values.minFamilies.trim() } : {}),
});

export type Drafted = { ok: true; toc: TheoryOfChange } | { ok: false; problems: FieldProblem[] };

/** Check the draft's details and, when they are good, draft the theory of change and store it. */
/**
 * Draft from journeys of one of these projects (the staff member's); the theory of change joins
 * that project. A journey of another project is refused as if it were not there.
 */
export async function draftFrom(
  store: DocumentStore,
  body: unknown,
  projectIds: ReadonlySet<string>,
): Promise<Drafted> {
  const parsed = DraftBody.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, ORDER) };
  const projects = await Promise.all(parsed.data.journeyIds.map((id) => store.access.projectOf(id)));
  const outside = parsed.data.journeyIds.filter((_, i) => !projectIds.has(projects[i] ?? ''));
  if (outside.length > 0)
    return {
      ok: false,
      problems: [
        {
          field: 'journeyIds',
          message: `there is no journey ${outside.map((id) => `"${id}"`).join(', ')} in your projects; choose from the journeys there are`,
        },
      ],
    };
  if (new Set(projects).size > 1)
    return { ok: false, problems: [{ field: 'journeyIds', message: 'choose journeys of one project' }] };
  const drafted = await draftAndStoreToc(store, { ...parsed.data, draftedOn: new Date().toISOString().slice(0, 10) });
  if (!drafted.ok) return { ok: false, problems: [{ field: drafted.field, message: drafted.reason }] };
  const [project] = projects;
  if (project !== undefined) await store.access.placeDocument(drafted.toc.id, project);
  return drafted;
}

/** Which of these journeys' families agreed to analysis: the draft form says so beside each. */
export async function analysisAllowed(store: DocumentStore, journeyIds: readonly string[]): Promise<Set<string>> {
  const consentOf = await consentOfJourneys(store, journeyIds);
  return new Set(journeyIds.filter((id) => allows(consentOf(id), 'analysis')));
}
