/**
 * Rows as both engines return them (SQLite and PostgreSQL share the schema's column names and
 * types as the store reads them), and how each becomes the record the interfaces speak of.
 * One place, so the two stores cannot drift apart in how they read a row.
 */
import type { ConsentDecision } from '../../src/model/consent.ts';
import type { GrantRecord, SessionRecord, StaffMember } from './access-records.ts';
import type { FamilyRecord } from './family-records.ts';
import type { SensitiveKind } from './journey-records.ts';
import type { Answer, CohortRecord, ReviewPoint, StoredAssessment, StoredProfile } from './research-records.ts';
import type { VersionKind } from './version-records.ts';

export interface StaffRecord {
  id: string;
  name: string;
  email: string;
  created_at: string;
  disabled_at: string | null;
}

export const toStaff = (r: StaffRecord): StaffMember => ({
  id: r.id,
  name: r.name,
  email: r.email,
  createdAt: r.created_at,
  ...(r.disabled_at === null ? {} : { disabledAt: r.disabled_at }),
});

export interface SessionRow {
  id: string;
  secret_hash: string;
  staff_id: string;
  method: SessionRecord['method'];
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  ended_why: string | null;
}

export const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id,
  secretHash: r.secret_hash,
  staffId: r.staff_id,
  method: r.method,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ...(r.ended_at === null ? {} : { endedAt: r.ended_at }),
  ...(r.ended_why === null ? {} : { endedWhy: r.ended_why }),
});

export interface GrantRow {
  id: string;
  kind: GrantRecord['kind'];
  doc_id: string | null;
  role: string | null;
  staff_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  ended_why: string | null;
}

export const toGrant = (r: GrantRow): GrantRecord => ({
  id: r.id,
  kind: r.kind,
  ...(r.doc_id === null ? {} : { docId: r.doc_id }),
  ...(r.role === null ? {} : { role: r.role }),
  ...(r.staff_id === null ? {} : { staffId: r.staff_id }),
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ...(r.ended_at === null ? {} : { endedAt: r.ended_at }),
  ...(r.ended_why === null ? {} : { endedWhy: r.ended_why }),
});

export interface FamilyRow {
  id: string;
  project_id: string;
  pseudonym: string;
  created_at: string;
  created_by: string;
}

export const toFamily = (r: FamilyRow): FamilyRecord => ({
  id: r.id,
  projectId: r.project_id,
  pseudonym: r.pseudonym,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export interface ConsentRow {
  id: string;
  family_id: string;
  scope: string;
  decision: ConsentDecision['decision'];
  given_by: string;
  method: ConsentDecision['method'];
  decided_on: string;
  review_on: string | null;
  recorded_by: string;
  recorded_at: string;
}

export const toDecision = (r: ConsentRow): ConsentDecision => ({
  id: r.id,
  familyId: r.family_id,
  scope: r.scope,
  decision: r.decision,
  givenBy: r.given_by,
  method: r.method,
  decidedOn: r.decided_on,
  ...(r.review_on === null ? {} : { reviewOn: r.review_on }),
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

export interface SensitiveRow {
  item_id: string;
  kind: SensitiveKind;
  content: string | null;
  marked_at: string;
  marked_by: string;
}

export interface SummaryRow {
  id: string;
  doc_id: string;
  name: string;
  kind: VersionKind;
  made_at: string;
  made_by: string;
  bytes: number;
}

export interface ProfileRow {
  id: string;
  family_id: string;
  issue_set_id: string;
  issue_set_version: number;
  point: ReviewPoint;
  assessed_on: string;
  answers: string;
  source: StoredProfile['source'];
  recorded_by: string;
  recorded_at: string;
}

export const toProfile = (r: ProfileRow): StoredProfile => ({
  id: r.id,
  familyId: r.family_id,
  issueSetId: r.issue_set_id,
  issueSetVersion: r.issue_set_version,
  point: r.point,
  assessedOn: r.assessed_on,
  answers: JSON.parse(r.answers) as Record<string, Answer>,
  source: r.source,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

export interface AssessmentRow {
  id: string;
  family_id: string;
  indicator_set_id: string;
  indicator_set_version: number;
  point: ReviewPoint;
  assessed_on: string;
  rated_by: StoredAssessment['ratedBy'];
  vals: string;
  recorded_by: string;
  recorded_at: string;
}

export const toAssessment = (r: AssessmentRow): StoredAssessment => ({
  id: r.id,
  familyId: r.family_id,
  indicatorSetId: r.indicator_set_id,
  indicatorSetVersion: r.indicator_set_version,
  point: r.point,
  assessedOn: r.assessed_on,
  ratedBy: r.rated_by,
  values: JSON.parse(r.vals) as Record<string, number>,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

export interface CohortRow {
  id: string;
  project_id: string;
  name: string;
  synthetic: number;
  created_at: string;
  created_by: string;
}

export const toCohort = (r: CohortRow): CohortRecord => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  synthetic: r.synthetic === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
});
