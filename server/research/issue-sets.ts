/**
 * Which issue set a project's profiles are answered on: the project's own newest version when it
 * has made one (a server record, `research_sets`), else the built-in Phase Two set. Profiles keep
 * the set id and version they were answered on, so a new version never changes an old answer's
 * meaning; `issueSetFor` finds any version a stored profile names.
 */
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { IssueSetSchema, type IssueSet } from '../../src/model/index.ts';
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
