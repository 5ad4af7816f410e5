/**
 * Managing a project's staff, for the admin page and `turning-points staff …` alike: add someone
 * (they get a one-time enrolment link), change their role, take them off the project, disable or
 * enable their account, end their sessions, give them a recovery link. Every change, and every
 * refusal of one that was not the actor's to make, is written to the audit log.
 *
 * A project never loses its last admin: nobody would be left to manage it.
 */
import { z } from 'zod';
import { enrolmentLink } from '../auth/enrolment.ts';
import { endSessions } from '../auth/staff-sessions.ts';
import { newId } from '../auth/tokens.ts';
import type { AccessRecords, StaffMember, StaffRole } from '../storage/access-records.ts';
import { actorName, mayAdminister, type AdminContext } from './admin-actor.ts';
import { Email, RecordId, StaffName, StaffRoleInput } from './inputs.ts';
import { done, invalid, refused, type Outcome } from './outcome.ts';

const InProject = z.object({ project: RecordId('a project') });
const AboutStaff = InProject.extend({ staff: RecordId('a staff member') });
/** Account-wide actions name a project the actor administers and the person is on; the command line need not. */
const AboutPerson = z.object({ staff: RecordId('a staff member'), project: RecordId('a project').optional() });

const NewStaff = InProject.extend({ name: StaffName, email: Email, role: StaffRoleInput });
const RoleChange = AboutStaff.extend({ role: StaffRoleInput });

type Action =
  | 'staff.add'
  | 'staff.role'
  | 'staff.remove'
  | 'staff.disable'
  | 'staff.enable'
  | 'staff.end-sessions'
  | 'staff.recovery-link';

const record = (
  context: AdminContext,
  action: Action,
  outcome: 'ok' | 'refused',
  about: { projectId?: string; staffId?: string; detail?: string },
) =>
  context.access.audit({
    action,
    outcome,
    actor: actorName(context.actor),
    ...(about.projectId ? { projectId: about.projectId } : {}),
    ...(about.staffId ? { subject: about.staffId } : {}),
    ...(about.detail ? { detail: about.detail } : {}),
  });

/** The project exists and the actor administers it; or the refusal (audited when it was not theirs). */
async function checkProject(context: AdminContext, action: Action, projectId: string): Promise<Outcome<undefined>> {
  if (!(await context.access.getProject(projectId))) return refused(404, 'project', 'there is no such project');
  if (!mayAdminister(context.actor, projectId)) {
    await record(context, action, 'refused', { projectId, detail: 'not-admin' });
    return refused(403, 'project', 'only an admin of this project can do this');
  }
  return done(undefined);
}

/** Also: the staff member is on the project; their record and role there. */
async function checkMember(
  context: AdminContext,
  action: Action,
  projectId: string,
  staffId: string,
): Promise<Outcome<{ member: StaffMember; role: StaffRole }>> {
  const project = await checkProject(context, action, projectId);
  if (!project.ok) return project;
  const [member, memberships] = await Promise.all([
    context.access.getStaff(staffId),
    context.access.membershipsOf(staffId),
  ]);
  const membership = memberships.find((m) => m.projectId === projectId);
  if (!member || !membership) return refused(404, 'staff', 'this person is not on the project');
  return done({ member, role: membership.role });
}

/** For account-wide actions: the person, on the named project (the command line may name none). */
async function checkPerson(
  context: AdminContext,
  action: Action,
  projectId: string | undefined,
  staffId: string,
): Promise<Outcome<{ member: StaffMember }>> {
  if (projectId !== undefined) return checkMember(context, action, projectId, staffId);
  if (context.actor.kind !== 'cli') return refused(400, 'project', 'choose a project');
  const member = await context.access.getStaff(staffId);
  return member ? done({ member }) : refused(404, 'staff', 'there is no such staff member');
}

/** The enabled admins of a project, by id. */
async function enabledAdmins(access: AccessRecords, projectId: string): Promise<string[]> {
  const admins = (await access.membersOf(projectId)).filter((m) => m.role === 'admin');
  const members = await Promise.all(admins.map((m) => access.getStaff(m.staffId)));
  return members.flatMap((m) => (m && !m.disabledAt ? [m.id] : []));
}

/** Whether taking this person away (as admin) would leave the project with no admin. */
async function isLastAdmin(access: AccessRecords, projectId: string, staffId: string): Promise<boolean> {
  const admins = await enabledAdmins(access, projectId);
  return admins.length === 1 && admins[0] === staffId;
}

const LAST_ADMIN = (what: string) =>
  `this is the project's only admin: ${what} would leave nobody to manage its staff and settings. Make someone else an admin first`;

export interface AddedStaff {
  member: StaffMember;
  /** The one-time link that sets up their account; none when they had an account already. */
  link?: string;
  /** They had an account (in another project) and joined this one with it. */
  existing: boolean;
}

/**
 * Add a person to a project. Someone new gets an account and a one-time enrolment link to pass
 * on; someone with an account already (in another project) joins this one with it.
 */
export async function addStaff(context: AdminContext, input: unknown): Promise<Outcome<AddedStaff>> {
  const parsed = NewStaff.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, name, email, role } = parsed.data;
  const allowed = await checkProject(context, 'staff.add', projectId);
  if (!allowed.ok) return allowed;
  const { access } = context;
  const existing = await access.findStaffByEmail(email);
  if (existing) {
    if ((await access.membershipsOf(existing.id)).some((m) => m.projectId === projectId))
      return refused(409, 'email', 'someone with this email address is on the project already');
    if (existing.disabledAt)
      return refused(
        409,
        'email',
        'the account with this email address is disabled: an admin of its project must enable it first',
      );
    await access.setMembership(existing.id, projectId, role);
    await record(context, 'staff.add', 'ok', { projectId, staffId: existing.id, detail: `${role}:existing-account` });
    return done({ member: existing, existing: true });
  }
  const member: StaffMember = { id: newId(), name, email, createdAt: new Date().toISOString() };
  // Someone else may have taken the email a moment ago: the store refuses the second.
  if (!(await access.addStaff(member)))
    return refused(409, 'email', 'someone with this email address was added a moment ago');
  await access.setMembership(member.id, projectId, role);
  const { link } = await enrolmentLink(access, context.secret, context.baseUrl, member.id, actorName(context.actor));
  await record(context, 'staff.add', 'ok', { projectId, staffId: member.id, detail: role });
  return done({ member, link, existing: false });
}

export async function changeRole(context: AdminContext, input: unknown): Promise<Outcome<StaffRole>> {
  const parsed = RoleChange.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, staff: staffId, role } = parsed.data;
  const found = await checkMember(context, 'staff.role', projectId, staffId);
  if (!found.ok) return found;
  if (found.value.role === role) return done(role);
  if (role !== 'admin' && (await isLastAdmin(context.access, projectId, staffId))) {
    await record(context, 'staff.role', 'refused', { projectId, staffId, detail: 'last-admin' });
    return refused(409, 'role', LAST_ADMIN('making them a facilitator'));
  }
  await context.access.setMembership(staffId, projectId, role);
  await record(context, 'staff.role', 'ok', { projectId, staffId, detail: role });
  return done(role);
}

/** Take someone off a project: its documents close to them (open rooms within REAUTHORISE_SECONDS). */
export async function removeFromProject(context: AdminContext, input: unknown): Promise<Outcome<StaffMember>> {
  const parsed = AboutStaff.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, staff: staffId } = parsed.data;
  const found = await checkMember(context, 'staff.remove', projectId, staffId);
  if (!found.ok) return found;
  if (await isLastAdmin(context.access, projectId, staffId)) {
    await record(context, 'staff.remove', 'refused', { projectId, staffId, detail: 'last-admin' });
    return refused(409, 'staff', LAST_ADMIN('taking them off'));
  }
  await context.access.setMembership(staffId, projectId, undefined);
  await record(context, 'staff.remove', 'ok', { projectId, staffId });
  return done(found.value.member);
}

/**
 * Whether this actor may disable this account, without doing it: the person (and the project
 * named, if any), who is not the actor and not the last admin of any of their projects. The
 * admin page asks this before it asks "Turn off their account?"; disabling asks it again.
 */
export async function mayDisable(
  context: AdminContext,
  input: unknown,
): Promise<Outcome<{ member: StaffMember; projectId: string | undefined }>> {
  const parsed = AboutPerson.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, staff: staffId } = parsed.data;
  const found = await checkPerson(context, 'staff.disable', projectId, staffId);
  if (!found.ok) return found;
  const { member } = found.value;
  if (member.disabledAt) return done({ member, projectId });
  if (context.actor.kind === 'staff' && context.actor.identity.staff.id === staffId)
    return refused(409, 'staff', 'you cannot disable your own account: ask another admin');
  const theirProjects = (await context.access.membershipsOf(staffId)).map((m) => m.projectId);
  for (const project of theirProjects)
    if (await isLastAdmin(context.access, project, staffId)) {
      await record(context, 'staff.disable', 'refused', { projectId: project, staffId, detail: 'last-admin' });
      const name = (await context.access.getProject(project))?.name ?? 'a project';
      return refused(
        409,
        'staff',
        `they are the only admin of ${name}: disabling them would leave nobody to manage its staff and settings. Make someone else an admin there first`,
      );
    }
  return done({ member, projectId });
}

/**
 * Disable an account: it signs in to nothing, every session ends, and every room it has open
 * closes at once. An admin of any of the person's projects may, unless the person is the last
 * admin of one of them.
 */
export async function disableStaff(context: AdminContext, input: unknown): Promise<Outcome<{ sessionsEnded: number }>> {
  const allowed = await mayDisable(context, input);
  if (!allowed.ok) return allowed;
  const { member, projectId } = allowed.value;
  if (member.disabledAt) return done({ sessionsEnded: 0 });
  const staffId = member.id;
  await context.access.updateStaff({ ...member, disabledAt: new Date().toISOString() });
  const ended = await endSessions(context.access, context.grantEnds, { staffId }, 'disabled');
  await record(context, 'staff.disable', 'ok', { projectId, staffId, detail: `sessions:${ended.length}` });
  return done({ sessionsEnded: ended.length });
}

export async function enableStaff(context: AdminContext, input: unknown): Promise<Outcome<StaffMember>> {
  const parsed = AboutPerson.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, staff: staffId } = parsed.data;
  const found = await checkPerson(context, 'staff.enable', projectId, staffId);
  if (!found.ok) return found;
  const { disabledAt: _wasDisabled, ...member } = found.value.member;
  if (_wasDisabled) {
    await context.access.updateStaff(member);
    await record(context, 'staff.enable', 'ok', { projectId, staffId });
  }
  return done(member);
}

/** Sign someone out everywhere, now: their cookies open nothing and their open rooms close. */
export async function endStaffSessions(context: AdminContext, input: unknown): Promise<Outcome<number>> {
  const parsed = AboutPerson.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, staff: staffId } = parsed.data;
  const found = await checkPerson(context, 'staff.end-sessions', projectId, staffId);
  if (!found.ok) return found;
  const ended = await endSessions(context.access, context.grantEnds, { staffId }, 'ended-by-admin');
  await record(context, 'staff.end-sessions', 'ok', { projectId, staffId, detail: `sessions:${ended.length}` });
  return done(ended.length);
}

/**
 * A new one-time link with which someone who lost their password or passkey sets up a new way
 * to sign in; any earlier link for them stops working.
 */
export async function recoveryLink(
  context: AdminContext,
  input: unknown,
): Promise<Outcome<{ member: StaffMember; link: string }>> {
  const parsed = AboutPerson.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { project: projectId, staff: staffId } = parsed.data;
  const found = await checkPerson(context, 'staff.recovery-link', projectId, staffId);
  if (!found.ok) return found;
  const { member } = found.value;
  if (member.disabledAt) return refused(409, 'staff', 'this account is disabled: enable it first');
  const { link, grantId } = await enrolmentLink(
    context.access,
    context.secret,
    context.baseUrl,
    staffId,
    actorName(context.actor),
  );
  await record(context, 'staff.recovery-link', 'ok', { projectId, staffId, detail: `grant:${grantId}` });
  return done({ member, link });
}
