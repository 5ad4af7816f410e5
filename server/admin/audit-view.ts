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
import type { AuditFilter, AuditRow, GrantRecord } from '../storage/access-records.ts';
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
  /** `staff:<id>` and `grant:<id>` → who they are ("Fran Ng", "invite for … (participant)"). */
  people: Map<string, string>;
  /** The person filter's choices: staff by name, then invites and tokens, each told apart by when it was made. */
  personChoices: { value: string; label: string; group: 'staff' | 'invites' }[];
  /** Staff and grant ids as subjects, and document ids, → names. */
  names: Map<string, string>;
}

const MADE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A grant as a reader knows it: what it is for, and as whom ("invite for Reed family workshop (participant)"). */
function grantName(grant: GrantRecord, docTitle: string): string {
  if (grant.kind === 'evaluator') return `evaluator token for ${docTitle}`;
  return `invite for ${docTitle}${grant.role ? ` (${grant.role})` : ''}`;
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
  const personChoices: AuditScope['personChoices'] = [];
  for (const doc of [...journeys, ...tocs]) names.set(doc.id, doc.title);
  for (const member of staff.sort((a, b) => a.name.localeCompare(b.name))) {
    people.set(`staff:${member.id}`, member.name);
    names.set(member.id, member.name);
    personChoices.push({ value: `staff:${member.id}`, label: member.name, group: 'staff' });
  }
  for (const grant of grants) {
    const label = grantName(grant, (grant.docId && names.get(grant.docId)) || 'a document');
    people.set(`grant:${grant.id}`, label);
    names.set(grant.id, label);
    personChoices.push({
      value: `grant:${grant.id}`,
      label: `${label}, made ${MADE.format(new Date(grant.createdAt))}`,
      group: 'invites',
    });
  }
  return {
    projectIds: [...projectIds],
    projectNames: new Map(projects.map((p) => [p.id, p.name])),
    families: journeys.map((j) => ({ id: j.id, title: j.title })),
    people,
    personChoices,
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
  if (actor === 'cli') return 'the command line';
  if (actor === 'server') return 'the server';
  if (actor === 'anonymous') return 'someone not signed in';
  if (actor.startsWith('staff:')) return 'a member of staff of another project';
  if (actor.startsWith('grant:')) return 'a link for another project';
  return actor;
}

/** What a row was about, by name, when it names something a reader knows (a person, an invite, a document). */
export const subjectLabel = (scope: AuditScope, subject: string | undefined): string =>
  subject === undefined ? '' : (scope.names.get(subject) ?? scope.people.get(subject) ?? '');

/** The document a row is about, by its title; one outside the admin's projects says so. */
export const documentLabel = (scope: AuditScope, docId: string | undefined): string =>
  docId === undefined ? '' : (scope.names.get(docId) ?? `${docId} (not in your projects)`);

/**
 * The CSV download: codes and ids as stored, for tools, with the names beside them for people
 * (who acted, the document's title, what the row is about), newest first.
 */
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
      'document_title',
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
      row.docId === undefined ? undefined : scope.names.get(row.docId),
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
