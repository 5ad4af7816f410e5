/**
 * `turning-points family …`: families and their consent from the command line. `list` and `show`
 * read; `consent` records one decision, checked as the family page checks it, recorded by a
 * staff member of the family's project (`--recorded-by`, audited as them). Withdrawing mapping
 * is refused here: it erases the family, and only the running server can close its open maps,
 * so the family's erase page does it. A bad argument names its option and exits 2.
 */
import { methodWords, scopesOf } from '../families/consent-scopes.ts';
import { checkDecision, ERASE_ELSEWHERE, erasesFamily, today } from '../families/decision-input.ts';
import { recordDecisions } from '../families/family-library.ts';
import { familyOverview } from '../families/family-overview.ts';
import { staffWhoRecords } from '../families/import-consent.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import type { CliResult } from './cli-commands.ts';
import type { Problem } from './outcome.ts';

export interface FamilyFlags {
  project?: string | undefined;
  scope?: string[] | undefined;
  given?: boolean | undefined;
  withdrawn?: boolean | undefined;
  by?: string | undefined;
  how?: string | undefined;
  on?: string | undefined;
  review?: string | undefined;
  'recorded-by'?: string | undefined;
}

export const FAMILY_USAGE = `Families and their consent:
  family list [--project P] every family, its journeys and the consent in force
  family show <id>          a family's journeys, consent in force and full history
  family consent <id> --scope S --given|--withdrawn --by TEXT --how METHOD
         --on YYYY-MM-DD [--review YYYY-MM-DD] --recorded-by E
                            record a decision: S is a scope (mapping, analysis,
                            share-words, share-costs, or the project's own); --by says
                            who in the family decided; METHOD is verbal-in-person,
                            written-form, verbal-phone or online; E is the staff member
                            of the family's project who records it. Withdrawing
                            mapping erases the family: do it on its erase page
`;

const FLAG_OF: Record<string, string> = {
  scope: '--scope',
  decision: '--given or --withdrawn',
  givenBy: '--by',
  method: '--how',
  decidedOn: '--on',
  reviewOn: '--review',
};

const ok = (out: string[]): CliResult => ({ code: 0, out, err: [] });
const failed = (err: string[], code = 2): CliResult => ({ code, out: [], err });

export async function familyCommand(
  store: DocumentStore,
  sub: string | undefined,
  ids: string[],
  flags: FamilyFlags,
): Promise<CliResult> {
  switch (sub) {
    case 'list':
      return listFamilies(store, flags.project);
    case 'show':
    case 'consent': {
      const [id, ...extra] = ids;
      if (id === undefined || extra.length > 0)
        return failed([`family ${sub}: name exactly one family id (see family list)`]);
      const family = await store.families.getFamily(id);
      if (!family) return failed([`family ${sub}: there is no family "${id}" (see family list)`]);
      return sub === 'show' ? showFamily(store, family) : recordConsent(store, family, flags);
    }
    default:
      return failed(['family: say what to do: list, show, consent']);
  }
}

async function listFamilies(store: DocumentStore, given: string | undefined): Promise<CliResult> {
  const projects = await store.access.listProjects();
  let only: string[] | undefined;
  if (given !== undefined) {
    const found = projects.filter((p) => p.id === given || p.name.toLowerCase() === given.toLowerCase());
    const [project, ...others] = found;
    if (!project || others.length > 0)
      return failed([
        `family list: --project: ${project ? `more than one project is called "${given}": give its id` : `there is no project "${given}"`} (see project list)`,
      ]);
    only = [project.id];
  }
  const on = today();
  const out: string[] = [];
  for (const family of await store.families.listFamilies(only)) {
    const seen = await familyOverview(store, family, on);
    const inForce = seen.scopes.filter((s) => s.inForce).map((s) => s.scope.id);
    const reviews = seen.reviews.map((r) => `; review ${r.past ? 'past' : 'due'}: ${r.scope} ${r.reviewOn}`).join('');
    out.push(
      `${family.id}  ${family.pseudonym}  (${seen.projectName})  ${seen.journeys.length} ${seen.journeys.length === 1 ? 'journey' : 'journeys'}; consent: ${inForce.join(', ') || 'none'}${reviews}`,
    );
  }
  return ok(out.length > 0 ? out : ['no families yet']);
}

async function showFamily(store: DocumentStore, family: FamilyRecord): Promise<CliResult> {
  const seen = await familyOverview(store, family, today());
  const out = [`${family.pseudonym} (${family.id}), in ${seen.projectName}`, 'Journeys:'];
  out.push(...(seen.journeys.length > 0 ? seen.journeys.map((j) => `  ${j.id}  ${j.title}`) : ['  none']));
  out.push('Consent in force:');
  for (const { scope, latest, inForce } of seen.scopes) {
    const state = inForce ? 'given' : latest ? 'withdrawn' : 'not asked yet';
    const detail = latest
      ? `: ${latest.givenBy}, ${methodWords(latest.method).toLowerCase()}, on ${latest.decidedOn}, recorded by ${latest.recordedByName}${latest.reviewOn ? `; review by ${latest.reviewOn}` : ''}`
      : '';
    out.push(`  ${scope.id}: ${state}${detail}`);
  }
  out.push('History (newest first):');
  out.push(
    ...(seen.history.length > 0
      ? seen.history.map(
          (d) =>
            `  ${d.recordedAt}  ${d.scope} ${d.decision} by ${d.givenBy} (${d.method}) on ${d.decidedOn}${d.reviewOn ? `, review by ${d.reviewOn}` : ''}; recorded by ${d.recordedByName}`,
        )
      : ['  none']),
  );
  return ok(out);
}

async function recordConsent(store: DocumentStore, family: FamilyRecord, flags: FamilyFlags): Promise<CliResult> {
  const command = 'family consent';
  if ((flags.scope?.length ?? 0) > 1) return failed([`${command}: --scope: give one scope per decision`]);
  if (flags.given && flags.withdrawn)
    return failed([`${command}: --given: give either --given or --withdrawn, not both`]);
  const input = {
    scope: flags.scope?.[0],
    decision: flags.given ? 'given' : flags.withdrawn ? 'withdrawn' : undefined,
    givenBy: flags.by,
    method: flags.how,
    decidedOn: flags.on,
    reviewOn: flags.review,
  };
  const project = await store.access.getProject(family.projectId);
  const checked = checkDecision(input, scopesOf(project));
  const problems: Problem[] = checked.ok
    ? erasesFamily(checked.value)
      ? [ERASE_ELSEWHERE]
      : []
    : [...checked.problems];
  if (!flags['recorded-by'])
    problems.push({ field: 'recordedBy', message: 'name the staff member who records it by their email address' });
  const errors = problems.map((p) => `${command}: ${FLAG_OF[p.field] ?? '--recorded-by'}: ${p.message}`);
  if (errors.length > 0 || !checked.ok) return failed(errors);
  const recorder = await staffWhoRecords(store, flags['recorded-by'] ?? '', family.projectId);
  if (!recorder.ok) return failed([`${command}: --recorded-by: ${recorder.problem}`]);
  const decision = checked.value;
  await recordDecisions(store, family, [{ ...decision, recordedBy: `staff:${recorder.staff.id}` }]);
  return ok([
    `recorded for ${family.id}: ${decision.scope} ${decision.decision} by ${decision.givenBy} on ${decision.decidedOn}; in force now`,
  ]);
}
