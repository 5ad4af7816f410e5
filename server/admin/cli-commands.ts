/**
 * `turning-points staff …`, `project …` and `audit …`: the admin operations from the command
 * line. Whoever runs it holds the data folder (or the database), so it acts as `cli` on every
 * project (and is audited as such). People are named by email, projects by id or name. A bad
 * argument names its flag and exits 2; a refused change (a project's last admin, say) exits 1
 * and says why.
 *
 * Sessions ended here reach the server's open rooms through the `grantEnds` given
 * (cli-grant-ends.ts): at once on PostgreSQL; on SQLite, when the rooms next check
 * (REAUTHORISE_SECONDS).
 */
import { verifyAuditRows } from '../audit/verify.ts';
import { pruneAudit } from '../audit/retention.ts';
import type { Project } from '../storage/access-records.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import { CLI_ADMIN, type AdminContext } from './admin-actor.ts';
import type { Outcome } from './outcome.ts';
import { addProject, changeSettings, consentScopesText, renameProject } from './project-admin.ts';
import {
  addStaff,
  changeRole,
  disableStaff,
  enableStaff,
  endStaffSessions,
  recoveryLink,
  removeFromProject,
} from './staff-admin.ts';

/** What a command did: lines for stdout and stderr, and the exit code. */
export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

export interface AdminFlags {
  email?: string | undefined;
  name?: string | undefined;
  project?: string | undefined;
  role?: string | undefined;
  scope?: string[] | undefined;
  'no-scopes'?: boolean | undefined;
  'retention-months'?: string | undefined;
  days?: string | undefined;
}

export const ADMIN_USAGE = `Staff, projects and the audit log (acting as "cli": whoever runs these holds the
data folder or the database, so may act on every project; every change is in the audit log
as by "cli"):
  staff add --email E --name N --project P --role admin|facilitator
                            add someone to a project; prints their one-time enrolment
                            link (24 hours) to pass on by a safe route
  staff list [--project P]  every project's staff, their role, and who is disabled
  staff role --email E --project P --role admin|facilitator
  staff remove --email E --project P
                            take someone off a project (never its last admin)
  staff disable --email E   they sign in to nothing; every session ends
  staff enable --email E
  staff end-sessions --email E
                            sign them out everywhere (open rooms close at once on
                            PostgreSQL, within REAUTHORISE_SECONDS on SQLite)
  staff recover --email E   a new one-time link to set up a new password or passkey
  project add --name N
  project list
  project rename --project P --name N
  project settings --project P [--scope "id: label"]… [--no-scopes]
         [--retention-months N]
                            the consent scopes it asks families about (each --scope
                            replaces the list) and how long it keeps records
  audit verify              check the audit log's hash chain: exit 0 and how many rows,
                            or exit 1 naming the first bad row
  audit prune [--days N]    delete audit rows older than N days (default
                            AUDIT_RETENTION_DAYS), leaving a checkpoint row
P is a project's id or its name; E is a staff member's email address.
`;

const ok = (out: string[]): CliResult => ({ code: 0, out, err: [] });
const failed = (err: string[], code: number): CliResult => ({ code, out: [], err });

const FLAG_OF: Record<string, string> = {
  project: '--project',
  staff: '--email',
  email: '--email',
  name: '--name',
  role: '--role',
  consentScopes: '--scope',
  retentionMonths: '--retention-months',
};

/** A refused operation as lines to print: each problem by its flag; bad input exits 2, a refusal 1. */
function report<T>(command: string, outcome: Outcome<T>, success: (value: T) => string[]): CliResult {
  if (outcome.ok) return ok(success(outcome.value));
  const code = outcome.status === 400 || outcome.status === 404 ? 2 : 1;
  return failed(
    outcome.problems.map((p) => `${command}: ${p.field ? `${FLAG_OF[p.field] ?? `--${p.field}`}: ` : ''}${p.message}`),
    code,
  );
}

/** A project by id or (without case) name; or the line saying there is none. */
async function findProject(store: DocumentStore, given: string | undefined): Promise<Project | string> {
  if (!given) return 'name a project (its id or its name)';
  const projects = await store.access.listProjects();
  const found =
    projects.find((p) => p.id === given) ?? projects.filter((p) => p.name.toLowerCase() === given.toLowerCase());
  if (!Array.isArray(found)) return found;
  const [only] = found;
  if (found.length === 1 && only) return only;
  if (found.length > 1) return `more than one project is called "${given}": give its id (see project list)`;
  return `there is no project "${given}" (see project list)`;
}

async function findStaffId(
  store: DocumentStore,
  email: string | undefined,
): Promise<string | undefined | { problem: string }> {
  if (!email) return { problem: 'name the staff member by their email address' };
  const member = await store.access.findStaffByEmail(email);
  return member ? member.id : { problem: `there is no staff member with the email address "${email}"` };
}

export async function staffCommand(
  store: DocumentStore,
  context: Omit<AdminContext, 'access' | 'actor'>,
  sub: string | undefined,
  flags: AdminFlags,
): Promise<CliResult> {
  const admin: AdminContext = { ...context, access: store.access, actor: CLI_ADMIN };
  const command = `staff ${sub ?? ''}`.trim();
  if (sub === 'list') return listStaff(store, flags.project);
  const known = ['add', 'role', 'remove', 'disable', 'enable', 'end-sessions', 'recover'];
  if (!sub || !known.includes(sub)) return failed([`staff: say what to do: ${['list', ...known].join(', ')}`], 2);
  const needsProject = ['add', 'role', 'remove'].includes(sub) || flags.project !== undefined;
  const project = needsProject ? await findProject(store, flags.project) : undefined;
  if (typeof project === 'string') return failed([`${command}: --project: ${project}`], 2);
  const projectId = project?.id;
  const projectName = project?.name ?? '';
  if (sub === 'add')
    return report(
      command,
      await addStaff(admin, { project: projectId, name: flags.name, email: flags.email, role: flags.role }),
      (added) =>
        added.link
          ? [
              `added ${added.member.name} <${added.member.email}> to ${projectName} as ${flags.role}.`,
              'Their one-time enrolment link (works for 24 hours; pass it on by a safe route, never by a shared inbox):',
              added.link,
            ]
          : [`${added.member.email} has an account already: added it to ${projectName} as ${flags.role}`],
    );
  const staffId = await findStaffId(store, flags.email);
  if (typeof staffId !== 'string') return failed([`${command}: --email: ${staffId?.problem ?? ''}`], 2);
  const about = { staff: staffId, ...(projectId ? { project: projectId } : {}) };
  switch (sub) {
    case 'role':
      return report(command, await changeRole(admin, { ...about, role: flags.role }), (role) => [
        `${flags.email} is now ${role} of ${projectName}`,
      ]);
    case 'remove':
      return report(command, await removeFromProject(admin, about), () => [
        `${flags.email} is no longer on ${projectName}`,
      ]);
    case 'disable':
      return report(command, await disableStaff(admin, about), ({ sessionsEnded }) => [
        `disabled ${flags.email}; ${sessionsEnded} ${sessionsEnded === 1 ? 'session' : 'sessions'} ended`,
      ]);
    case 'enable':
      return report(command, await enableStaff(admin, about), () => [`enabled ${flags.email}`]);
    case 'end-sessions':
      return report(command, await endStaffSessions(admin, about), (ended) => [
        `${ended} ${ended === 1 ? 'session' : 'sessions'} of ${flags.email} ended`,
      ]);
    default:
      return report(command, await recoveryLink(admin, about), ({ member, link }) => [
        `A one-time recovery link for ${member.name} (works for 24 hours; earlier ones stop working):`,
        link,
      ]);
  }
}

async function listStaff(store: DocumentStore, given: string | undefined): Promise<CliResult> {
  const only = given === undefined ? undefined : await findProject(store, given);
  if (typeof only === 'string') return failed([`staff list: --project: ${only}`], 2);
  const projects = only ? [only] : await store.access.listProjects();
  const out: string[] = [];
  for (const project of projects) {
    out.push(`${project.name} (${project.id})`);
    const members = await store.access.membersOf(project.id);
    if (members.length === 0) out.push('  nobody yet');
    for (const membership of members) {
      const member = await store.access.getStaff(membership.staffId);
      if (!member) continue;
      const state = member.disabledAt ? `  disabled since ${member.disabledAt}` : '';
      out.push(`  ${membership.role.padEnd(11)} ${member.name} <${member.email}>${state}`);
    }
  }
  return ok(out.length > 0 ? out : ['no projects yet']);
}

export async function projectCommand(
  store: DocumentStore,
  context: Omit<AdminContext, 'access' | 'actor'>,
  sub: string | undefined,
  flags: AdminFlags,
): Promise<CliResult> {
  const admin: AdminContext = { ...context, access: store.access, actor: CLI_ADMIN };
  const command = `project ${sub ?? ''}`.trim();
  switch (sub) {
    case 'list': {
      const projects = await store.access.listProjects();
      return ok(
        projects.length === 0
          ? ['no projects yet']
          : projects.map(
              (p) =>
                `${p.id}  ${p.name}  (records kept ${p.settings.retentionMonths} months; consent scopes: ${p.settings.consentScopes.map((s) => s.id).join(', ') || 'none'})`,
            ),
      );
    }
    case 'add':
      return report(command, await addProject(admin, { name: flags.name }), (project) => [
        `added project "${project.name}" as ${project.id}`,
      ]);
    case 'rename':
    case 'settings': {
      const project = await findProject(store, flags.project);
      if (typeof project === 'string') return failed([`${command}: --project: ${project}`], 2);
      if (sub === 'rename')
        return report(command, await renameProject(admin, { project: project.id, name: flags.name }), (renamed) => [
          `renamed ${renamed.id} to "${renamed.name}"`,
        ]);
      if (flags.scope !== undefined && flags['no-scopes'])
        return failed([`${command}: --no-scopes: give either --scope or --no-scopes, not both`], 2);
      const scopes = flags['no-scopes']
        ? ''
        : flags.scope !== undefined
          ? flags.scope.join('\n')
          : consentScopesText(project);
      const months = flags['retention-months'] ?? String(project.settings.retentionMonths);
      return report(
        command,
        await changeSettings(admin, { project: project.id, consentScopes: scopes, retentionMonths: months }),
        (changed) => [
          `${changed.name}: records kept ${changed.settings.retentionMonths} months; consent scopes: ${changed.settings.consentScopes.map((s) => `${s.id} (${s.label})`).join(', ') || 'none'}`,
        ],
      );
    }
    default:
      return failed(['project: say what to do: add, list, rename, settings'], 2);
  }
}

export async function auditCommand(
  store: DocumentStore,
  sub: string | undefined,
  flags: AdminFlags,
  retentionDays: number,
): Promise<CliResult> {
  switch (sub) {
    case 'verify': {
      const verdict = verifyAuditRows(await store.access.allAuditRows());
      if (!verdict.ok) return failed([`audit verify: row ${verdict.seq}: ${verdict.problem}`], 1);
      const last = verdict.last
        ? [
            `the last is row ${verdict.last.seq}, hash ${verdict.last.hash}: keep this line elsewhere to show later that no rows were cut from the end`,
          ]
        : [];
      return ok([`${verdict.rows} rows verified from row ${verdict.from}`, ...last]);
    }
    case 'prune': {
      const days = flags.days ?? String(retentionDays);
      if (!/^\d{1,5}$/.test(days)) return failed([`audit prune: --days: give a whole number of days, like 730`], 2);
      const deleted = await pruneAudit(store.access, Number(days));
      await store.access.audit({
        action: 'audit.prune',
        outcome: 'ok',
        actor: 'cli',
        detail: `days:${days};deleted:${deleted}`,
      });
      return ok([
        deleted === 0
          ? `no audit rows older than ${days} days`
          : `deleted ${deleted} audit rows older than ${days} days; a checkpoint row keeps the log verifiable`,
      ]);
    }
    default:
      return failed(['audit: say what to do: verify, prune'], 2);
  }
}
