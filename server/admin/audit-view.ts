/**
 * The audit log as an admin reads it: the rows of the projects they administer, and rows about
 * no project (sign-ins, say) only where the staff of those projects acted or are the subject;
 * filtered by family (a journey, for now) and by person (a staff member, an invite), newest
 * first, a page at a time or as CSV. Reading it and downloading it are audited themselves.
 */
import { administers } from '../auth/document-access.ts';
import type { StaffIdentity } from '../auth/staff-sessions.ts';
import { listJourneys } from '../journey-library.ts';
import { withinProjects } from '../auth/project-scope.ts';
import type { AuditFilter, AuditRow } from '../storage/access-records.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import { listTocs } from '../toc-library.ts';
import { toCsv } from '../../src/csv/index.ts';
import type { Problem } from './outcome.ts';

export const AUDIT_PAGE_ROWS = 100;
/** A download holds at most this many rows, newest first; a filter narrows it. */
export const AUDIT_CSV_ROWS = 10_000;

/** What one admin may see of the log, and the names to show for what its rows hold only ids of. */
export interface AuditScope {
  projectIds: string[];
  projectNames: Map<string, string>;
  /** The journeys of their projects: the family filter's choices. */
  families: { id: string; title: string }[];
  /** `staff:<id>` and `grant:<id>` → how to name them: the person filter's choices. */
  people: Map<string, string>;
  /** Staff and grant ids as subjects, and journey ids, → names. */
  names: Map<string, string>;
}

export async function auditScopeOf(store: DocumentStore, identity: StaffIdentity): Promise<AuditScope> {
  const { access } = store;
  const projects = (await access.listProjects()).filter((p) => administers(identity, p.id));
  const projectIds = new Set(projects.map((p) => p.id));
  const memberships = (await Promise.all(projects.map((p) => access.membersOf(p.id)))).flat();
  const staffIds = [...new Set(memberships.map((m) => m.staffId))];
  const staff = (await Promise.all(staffIds.map((id) => access.getStaff(id)))).filter((s) => s !== undefined);
  const journeys = await withinProjects(access, await listJourneys(store), projectIds);
  const tocs = await withinProjects(access, await listTocs(store), projectIds);
  const grants = (await Promise.all([...journeys, ...tocs].map((doc) => access.listGrants(doc.id)))).flat();
  const people = new Map<string, string>();
  const names = new Map<string, string>();
  for (const member of staff.sort((a, b) => a.name.localeCompare(b.name))) {
    people.set(`staff:${member.id}`, member.name);
    names.set(member.id, member.name);
  }
  for (const grant of grants) {
    const label = `${grant.kind === 'evaluator' ? 'evaluator token' : grant.kind} ${grant.id}`;
    people.set(`grant:${grant.id}`, label);
    names.set(grant.id, label);
  }
  for (const doc of [...journeys, ...tocs]) names.set(doc.id, doc.title);
  return {
    projectIds: [...projectIds],
    projectNames: new Map(projects.map((p) => [p.id, p.name])),
    families: journeys.map((j) => ({ id: j.id, title: j.title })),
    people,
    names,
  };
}

export interface AuditQuery {
  family?: string;
  person?: string;
  /** Rows numbered below this: the next page back. */
  before?: number;
}

/** The filter from the page's address, checked against what this admin may choose. */
export function readAuditQuery(
  params: URLSearchParams,
  scope: AuditScope,
): { ok: true; query: AuditQuery } | { ok: false; problems: Problem[]; query: AuditQuery } {
  const family = params.get('family') || undefined;
  const person = params.get('person') || undefined;
  const before = params.get('before') || undefined;
  const problems: Problem[] = [];
  if (family !== undefined && !scope.families.some((f) => f.id === family))
    problems.push({ field: 'family', message: 'choose a family from the list' });
  if (person !== undefined && !scope.people.has(person))
    problems.push({ field: 'person', message: 'choose a person from the list' });
  if (before !== undefined && !/^\d{1,15}$/.test(before))
    problems.push({
      field: 'before',
      message: 'the page number in the address is not one this page made: start again from the newest rows',
    });
  const query: AuditQuery = {
    ...(family && problems.every((p) => p.field !== 'family') ? { family } : {}),
    ...(person && problems.every((p) => p.field !== 'person') ? { person } : {}),
    ...(before && problems.every((p) => p.field !== 'before') ? { before: Number(before) } : {}),
  };
  return problems.length > 0 ? { ok: false, problems, query } : { ok: true, query };
}

const filterOf = (scope: AuditScope, query: AuditQuery, limit: number): AuditFilter => ({
  projectIds: scope.projectIds,
  projectlessPeople: [...scope.people.keys()].filter((key) => key.startsWith('staff:')),
  ...(query.family ? { docId: query.family } : {}),
  ...(query.person ? { person: query.person } : {}),
  ...(query.before !== undefined ? { beforeSeq: query.before } : {}),
  limit,
});

/** One page of rows, newest first, and where the next (older) page starts, if there is one. */
export async function auditPage(
  store: DocumentStore,
  scope: AuditScope,
  query: AuditQuery,
): Promise<{ rows: AuditRow[]; olderFrom?: number }> {
  const rows = await store.access.listAudit(filterOf(scope, query, AUDIT_PAGE_ROWS + 1));
  const page = rows.slice(0, AUDIT_PAGE_ROWS);
  const oldest = page.at(-1);
  return rows.length > AUDIT_PAGE_ROWS && oldest ? { rows: page, olderFrom: oldest.seq } : { rows: page };
}

/** How to name who acted: a staff member's name, an invite, the command line. */
export function actorLabel(scope: AuditScope, actor: string): string {
  const known = scope.people.get(actor);
  if (known) return known;
  if (actor === 'cli') return 'command line';
  if (actor === 'anonymous') return 'someone not signed in';
  if (actor.startsWith('staff:')) return `staff member ${actor.slice(6)} (another project)`;
  if (actor.startsWith('grant:')) return `link ${actor.slice(6)}`;
  return actor;
}

export const subjectLabel = (scope: AuditScope, subject: string | undefined): string =>
  subject === undefined ? '' : (scope.names.get(subject) ?? subject);

/** The CSV download: ids as stored, with the names beside them, newest first. */
export async function auditCsv(store: DocumentStore, scope: AuditScope, query: AuditQuery): Promise<string> {
  const rows = await store.access.listAudit(filterOf(scope, query, AUDIT_CSV_ROWS));
  return toCsv([
    [
      'row',
      'time_utc',
      'action',
      'outcome',
      'actor',
      'actor_name',
      'project',
      'document',
      'subject',
      'subject_name',
      'detail',
    ],
    ...rows.map((row) => [
      row.seq,
      row.at,
      row.action,
      row.outcome,
      row.actor,
      actorLabel(scope, row.actor),
      row.projectId,
      row.docId,
      row.subject,
      row.subject === undefined ? undefined : scope.names.get(row.subject),
      row.detail,
    ]),
  ]);
}

/** Reading or downloading the log, itself written to it: who, and by which filter. */
export function recordAuditRead(
  store: DocumentStore,
  identity: StaffIdentity,
  action: 'audit.view' | 'audit.export',
  query: AuditQuery,
): Promise<void> {
  return store.access.audit({
    action,
    outcome: 'ok',
    actor: `staff:${identity.staff.id}`,
    ...(query.family ? { docId: query.family } : {}),
    ...(query.person ? { subject: query.person } : {}),
    ...(query.before !== undefined ? { detail: `before:${query.before}` } : {}),
  });
}
