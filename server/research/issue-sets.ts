/**
 * Which issue set a project's profiles are answered on: the project's own newest version when it
 * has made one (a server record, `research_sets`), else the built-in Phase Two set. Profiles keep
 * the set id and version they were answered on, so a new version never changes an old answer's
 * meaning; `issueSetFor` finds any version a stored profile names.
 */
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { IssueSetSchema, issuesFrom, type IssueSet } from '../../src/model/index.ts';
import type { DocumentStore } from '../storage/document-store.ts';

/** The project's own versions, newest first, each as its model reads it (a row that no longer validates is left out). */
async function ownSets(store: DocumentStore, projectId: string): Promise<IssueSet[]> {
  return (await store.research.setsOf(projectId, 'issues')).flatMap((row) => {
    const parsed = IssueSetSchema.safeParse(JSON.parse(row.json));
    return parsed.success ? [parsed.data] : [];
  });
}

/** The set new profiles in this project are answered on. */
export async function currentIssueSet(store: DocumentStore, projectId: string): Promise<IssueSet> {
  return (await ownSets(store, projectId))[0] ?? PHASE_TWO_ISSUE_SET;
}

/** The set (and version) a stored profile names, if this project has it. */
export async function issueSetFor(
  store: DocumentStore,
  projectId: string,
  ref: { issueSetId: string; issueSetVersion: number },
): Promise<IssueSet | undefined> {
  const matches = (set: IssueSet) => set.id === ref.issueSetId && set.version === ref.issueSetVersion;
  if (matches(PHASE_TWO_ISSUE_SET)) return PHASE_TWO_ISSUE_SET;
  return (await ownSets(store, projectId)).find(matches);
}

export type SavedIssueSet = { ok: true; set: IssueSet } | { ok: false; problems: string[] };

/**
 * Keep a new version of the project's issue set from its JSON (as the page's download gives it,
 * edited): checked whole by the model, every problem named by its path. The version is the next
 * after the newest this project has (or the built-in one's, for a set under the built-in id), so
 * profiles answered on an earlier version keep their meaning. Audited by ids only.
 */
export async function saveIssueSet(
  store: DocumentStore,
  projectId: string,
  text: string,
  by: string,
): Promise<SavedIssueSet> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`the file is not JSON: ${(error as Error).message}`] };
  }
  const own = await ownSets(store, projectId);
  const newest = Math.max(0, ...own.map((set) => set.version), PHASE_TWO_ISSUE_SET.version);
  const given = typeof json === 'object' && json !== null ? json : {};
  const parsed = IssueSetSchema.safeParse({ ...given, version: newest + 1 });
  if (!parsed.success) return { ok: false, problems: issuesFrom(parsed.error).map((i) => `${i.path}: ${i.message}`) };
  const set = parsed.data;
  await store.research.putSet({
    projectId,
    kind: 'issues',
    version: set.version,
    json: JSON.stringify(set),
    createdAt: new Date().toISOString(),
    createdBy: by,
  });
  await store.access.audit({
    action: 'research.issues-saved',
    outcome: 'ok',
    actor: by,
    projectId,
    detail: `version ${set.version}`,
  });
  return { ok: true, set };
}
