/**
 * Managing projects, for the admin page and `turning-points project …` alike: create one (a
 * staff member who creates it becomes its admin), rename it, change its settings (the consent
 * scopes it asks families about, how long it keeps records). Every change is audited.
 */
import { z } from 'zod';
import { createProject } from '../auth/projects.ts';
import type { Project } from '../storage/access-records.ts';
import { actorName, mayAdminister, type AdminContext } from './admin-actor.ts';
import { ConsentScopesText, ProjectName, RecordId, RetentionMonths } from './inputs.ts';
import { done, invalid, refused, type Outcome } from './outcome.ts';

const NewProject = z.object({ name: ProjectName });
const Rename = z.object({ project: RecordId('a project'), name: ProjectName });
const Settings = z.object({
  project: RecordId('a project'),
  consentScopes: ConsentScopesText,
  retentionMonths: RetentionMonths,
});

type Action = 'project.add' | 'project.rename' | 'project.settings';

const record = (context: AdminContext, action: Action, outcome: 'ok' | 'refused', projectId: string, detail?: string) =>
  context.access.audit({
    action,
    outcome,
    actor: actorName(context.actor),
    projectId,
    ...(detail ? { detail } : {}),
  });

async function projectToChange(context: AdminContext, action: Action, projectId: string): Promise<Outcome<Project>> {
  const project = await context.access.getProject(projectId);
  if (!project) return refused(404, 'project', 'there is no such project');
  if (!mayAdminister(context.actor, projectId)) {
    await record(context, action, 'refused', projectId, 'not-admin');
    return refused(403, 'project', 'only an admin of this project can do this');
  }
  return done(project);
}

/** A new project; a staff member who makes one becomes its first admin. Names need not be unique, but it helps. */
export async function addProject(context: AdminContext, input: unknown): Promise<Outcome<Project>> {
  const parsed = NewProject.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const taken = (await context.access.listProjects()).some(
    (p) => p.name.toLowerCase() === parsed.data.name.toLowerCase(),
  );
  if (taken) return refused(400, 'name', 'there is a project with this name already: choose another');
  const project = await createProject(context.access, parsed.data.name);
  if (context.actor.kind === 'staff')
    await context.access.setMembership(context.actor.identity.staff.id, project.id, 'admin');
  await record(context, 'project.add', 'ok', project.id);
  return done(project);
}

export async function renameProject(context: AdminContext, input: unknown): Promise<Outcome<Project>> {
  const parsed = Rename.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const found = await projectToChange(context, 'project.rename', parsed.data.project);
  if (!found.ok) return found;
  const taken = (await context.access.listProjects()).some(
    (p) => p.id !== found.value.id && p.name.toLowerCase() === parsed.data.name.toLowerCase(),
  );
  if (taken) return refused(400, 'name', 'there is another project with this name: choose another');
  const renamed = { ...found.value, name: parsed.data.name };
  await context.access.putProject(renamed);
  await record(context, 'project.rename', 'ok', renamed.id);
  return done(renamed);
}

/** Replace a project's settings; the consent scopes come as typed, one `id: label` a line. */
export async function changeSettings(context: AdminContext, input: unknown): Promise<Outcome<Project>> {
  const parsed = Settings.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const found = await projectToChange(context, 'project.settings', parsed.data.project);
  if (!found.ok) return found;
  const { consentScopes, retentionMonths } = parsed.data;
  const changed = { ...found.value, settings: { consentScopes, retentionMonths } };
  await context.access.putProject(changed);
  await record(
    context,
    'project.settings',
    'ok',
    changed.id,
    `scopes:${consentScopes.map((s) => s.id).join('+') || 'none'};months:${retentionMonths}`,
  );
  return done(changed);
}

/** Settings as the form shows them: the scopes one `id: label` a line. */
export const consentScopesText = (project: Project): string =>
  project.settings.consentScopes.map((scope) => `${scope.id}: ${scope.label}`).join('\n');
