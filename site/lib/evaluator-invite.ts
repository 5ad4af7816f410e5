/**
 * Whether an evaluator token may be made for a theory of change now (SPEC TOC7): only while at
 * least EVALUATOR_MIN_FAMILIES families in its cohort agreed to analysis. The team may draft from
 * fewer; the invite page then says why no token can be made, as a problem with the form's role.
 */
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { cohortStanding } from '../../server/toc-cohort.ts';
import type { FieldProblem } from './forms.ts';

export interface EvaluatorReadiness {
  families: number;
  minFamilies: number;
  ready: boolean;
}

export async function evaluatorReadiness(
  store: DocumentStore,
  tocId: string,
  minFamilies: number,
): Promise<EvaluatorReadiness> {
  const { analysableFamilies: families } = await cohortStanding(store, tocId);
  return { families, minFamilies, ready: families >= minFamilies };
}

/** Why no evaluator token can be made yet, in words for the page. */
export function notReadyText({ families, minFamilies }: EvaluatorReadiness): string {
  const drawn = `${families} ${families === 1 ? 'family' : 'families'}`;
  return `an evaluator token cannot be made yet: this theory of change draws on ${drawn} who agreed to analysis, and evaluators see one only once at least ${minFamilies} have. Choose more families when you draft, or record their consent to analysis first`;
}

/** The problem with a posted invite form that asks for an evaluator token too soon, if it does. */
export async function evaluatorTooSoon(
  request: Request,
  readiness: EvaluatorReadiness,
): Promise<FieldProblem | undefined> {
  if (readiness.ready) return undefined;
  const form = await request
    .clone()
    .formData()
    .catch(() => undefined);
  return form?.get('role') === 'evaluator' ? { field: 'role', message: notReadyText(readiness) } : undefined;
}
