/**
 * Projects: a programme or a study, with its staff and settings. Every document belongs to one;
 * its staff reach its documents and no others. A store made before projects existed gets one
 * default project on its first start, and every document it has moves into it.
 */
import type { AccessRecords, Project, ProjectSettings } from '../storage/access-records.ts';
import { newId } from './tokens.ts';

export const DEFAULT_PROJECT_NAME = 'Family journeys';

/** Settings a new project starts with; its admins change them on the staff page. */
export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = {
  consentScopes: [],
  // Two years: long enough for an evaluation to look back over a programme year and its review.
  retentionMonths: 24,
};

export async function createProject(access: AccessRecords, name: string): Promise<Project> {
  const project: Project = {
    id: newId(),
    name,
    settings: structuredClone(DEFAULT_PROJECT_SETTINGS),
    createdAt: new Date().toISOString(),
  };
  await access.putProject(project);
  return project;
}

/**
 * Make sure there is a project, and that every document belongs to one (the first project,
 * for documents stored before projects existed or loaded as examples). The default project.
 */
export async function placeEveryDocument(access: AccessRecords): Promise<Project> {
  const first = (await access.listProjects())[0] ?? (await createProject(access, DEFAULT_PROJECT_NAME));
  await Promise.all((await access.unplacedDocuments()).map((docId) => access.placeDocument(docId, first.id)));
  return first;
}
