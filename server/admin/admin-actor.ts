/**
 * Who is managing staff and projects: a signed-in staff member, who may act only on the projects
 * they administer, or the command line, which may act on every project because whoever runs it
 * holds the data folder (and could read or change the database directly anyway).
 */
import type { GrantEnds } from '../auth/grant-ends.ts';
import { administers } from '../auth/document-access.ts';
import type { StaffIdentity } from '../auth/staff-sessions.ts';
import type { AccessRecords } from '../storage/access-records.ts';

export type AdminActor = { kind: 'cli' } | { kind: 'staff'; identity: StaffIdentity };

export const CLI_ADMIN: AdminActor = { kind: 'cli' };

/** What every admin operation needs: the records, the signing secret for links, where links point, who acts. */
export interface AdminContext {
  access: AccessRecords;
  secret: Buffer;
  /** Open rooms close what an ended session opened (the command line's has none of its own: cli-grant-ends.ts). */
  grantEnds: GrantEnds;
  /** Where people reach this server (PUBLIC_URL, or http://HOST:PORT), for the links made here. */
  baseUrl: string;
  actor: AdminActor;
}

/** `cli` or `staff:<id>`: who acted, for the audit log. */
export const actorName = (actor: AdminActor): string =>
  actor.kind === 'cli' ? 'cli' : `staff:${actor.identity.staff.id}`;

export const mayAdminister = (actor: AdminActor, projectId: string): boolean =>
  actor.kind === 'cli' || administers(actor.identity, projectId);

/** The projects this actor manages: every one for the command line, those they administer for staff. */
export async function managedProjects(context: Pick<AdminContext, 'access' | 'actor'>) {
  const all = await context.access.listProjects();
  return all.filter((project) => mayAdminister(context.actor, project.id));
}
