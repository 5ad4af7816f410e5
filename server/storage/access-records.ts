/**
 * The server's records of who may do what: projects and their staff, staff credentials
 * (passwords, passkeys), sessions, grants (invite links, evaluator tokens, enrolment links),
 * which project each document belongs to, and the audit log. They live beside the documents in
 * the same store, never in a document anyone can edit, and every write goes through the store's
 * one ordered write queue.
 *
 * Records hold no family text and no secret in the clear: a session is found by the hash of its
 * cookie, a password is an scrypt hash, and grants are checked by their signature and id.
 */

/** A staff member's role in one project. Admins also manage its staff, settings and audit log. */
export const STAFF_ROLES = ['admin', 'facilitator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A consent scope a project asks families about: a short machine id, and the words a family reads. */
export interface ProjectConsentScope {
  id: string;
  label: string;
}

export interface ProjectSettings {
  /** Consent scopes the project asks families about, beyond mapping. */
  consentScopes: ProjectConsentScope[];
  /** How long a family's records are kept after the family's work with the project ends, in months. */
  retentionMonths: number;
}

/** A programme or a study: its staff reach its documents and no others. */
export interface Project {
  id: string;
  name: string;
  settings: ProjectSettings;
  createdAt: string;
}

export interface StaffMember {
  id: string;
  name: string;
  /** Unique (ignoring case): what they sign in with. */
  email: string;
  createdAt: string;
  /** Set when an admin disabled the account: it signs in to nothing and every session has ended. */
  disabledAt?: string;
}

export interface Membership {
  staffId: string;
  projectId: string;
  role: StaffRole;
}

/** A WebAuthn credential registered by a staff member. */
export interface Passkey {
  /** The credential id, base64url. */
  id: string;
  staffId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  /** What its owner called it ("work laptop"), to tell two apart when removing one. */
  label: string;
  createdAt: string;
  lastUsedAt?: string;
}

export const SIGNIN_METHODS = ['password', 'passkey', 'enrolment'] as const;
export type SigninMethod = (typeof SIGNIN_METHODS)[number];

/** A signed-in staff member's session. The cookie is the secret; only its hash is kept. */
export interface SessionRecord {
  id: string;
  secretHash: string;
  staffId: string;
  method: SigninMethod;
  createdAt: string;
  expiresAt: string;
  endedAt?: string;
  endedWhy?: string;
}

/**
 * What a grant lets its holder do: join one document's room and pages (an invite), pull one
 * theory of change's exports (an evaluator token), or enrol or recover one staff account (an
 * enrolment link, used once).
 */
export const GRANT_KINDS = ['invite', 'evaluator', 'enrolment'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

export interface GrantRecord {
  id: string;
  kind: GrantKind;
  /** The document an invite or evaluator token is for. */
  docId?: string;
  /** The role an invite gives (facilitator, participant, viewer) or `evaluator`. */
  role?: string;
  /** The account an enrolment link sets up (none for the first admin's). */
  staffId?: string;
  /** The staff member (or `cli`, `start-up`) who issued it. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  endedAt?: string;
  endedWhy?: string;
}

/** One audit log entry as asked for: metadata only, never family text, tokens or secrets. */
export interface AuditEntry {
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  /** Who acted: `staff:<id>`, `grant:<id>`, `cli`, `server` or `anonymous`. */
  actor: string;
  projectId?: string;
  docId?: string;
  /** What the action was done to, when not the document: a staff id, a grant id, a session id. */
  subject?: string;
  /** A short machine-made detail (a reason code, a format): never words someone typed. */
  detail?: string;
}

/** An audit row as stored: numbered, timestamped (UTC) and chained to the row before. */
export interface AuditRow extends AuditEntry {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  projectIds?: readonly string[];
  docId?: string;
  /** Rows this actor wrote or that concern this subject (`staff:<id>` and `grant:<id>` match both). */
  person?: string;
  /**
   * With `projectIds`: rows about no project (sign-ins, say) only where one of these people
   * (`staff:<id>`) acted or is the subject, or about a document of those projects; without it,
   * every such row.
   */
  projectlessPeople?: readonly string[];
  /** Only rows numbered below this (the next page, going back in time). */
  beforeSeq?: number;
  limit?: number;
}

export interface AccessRecords {
  putProject(project: Project): Promise<void>;
  listProjects(): Promise<Project[]>;
  getProject(id: string): Promise<Project | undefined>;

  /** Add a staff member; false if the email is taken. */
  addStaff(member: StaffMember): Promise<boolean>;
  updateStaff(member: StaffMember): Promise<void>;
  getStaff(id: string): Promise<StaffMember | undefined>;
  findStaffByEmail(email: string): Promise<StaffMember | undefined>;
  listStaff(): Promise<StaffMember[]>;
  /** Give a staff member a role in a project, or take them off it (`role` undefined). */
  setMembership(staffId: string, projectId: string, role: StaffRole | undefined): Promise<void>;
  membershipsOf(staffId: string): Promise<Membership[]>;
  membersOf(projectId: string): Promise<Membership[]>;
  /** Whether any enabled staff member is an admin of any project. */
  hasAdmin(): Promise<boolean>;

  setPasswordHash(staffId: string, hash: string): Promise<void>;
  getPasswordHash(staffId: string): Promise<string | undefined>;
  addPasskey(passkey: Passkey): Promise<void>;
  getPasskey(id: string): Promise<Passkey | undefined>;
  listPasskeys(staffId: string): Promise<Passkey[]>;
  /** After a sign-in with it: its new signature counter, and when. */
  usePasskey(id: string, counter: number): Promise<void>;
  removePasskey(staffId: string, id: string): Promise<void>;

  startSession(session: SessionRecord): Promise<void>;
  findSessionBySecretHash(secretHash: string): Promise<SessionRecord | undefined>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  listLiveSessions(staffId: string): Promise<SessionRecord[]>;
  /** End one session (or every live one of a staff member); the ids of those it ended. */
  endSessions(which: { sessionId: string } | { staffId: string }, why: string): Promise<string[]>;

  putGrant(grant: GrantRecord): Promise<void>;
  getGrant(id: string): Promise<GrantRecord | undefined>;
  /** Grants for one document, newest first, ended ones included (to show they were revoked). */
  listGrants(docId: string): Promise<GrantRecord[]>;
  /** Live enrolment grants for one account (or for the first admin, `staffId` undefined). */
  listEnrolmentGrants(staffId: string | undefined): Promise<GrantRecord[]>;
  /** End a grant; true only for the call that ended it (so a one-time link is used once). */
  endGrant(id: string, why: string): Promise<boolean>;

  /** Say which project a document belongs to (replacing any earlier answer). */
  placeDocument(docId: string, projectId: string): Promise<void>;
  projectOf(docId: string): Promise<string | undefined>;
  /** Documents that belong to no project yet (made before projects existed). */
  unplacedDocuments(): Promise<string[]>;

  /** Append to the audit log; the writer numbers it and chains it to the row before. */
  audit(entry: AuditEntry): Promise<void>;
  listAudit(filter: AuditFilter): Promise<AuditRow[]>;
  /** Every row, oldest first, for `audit verify`. */
  allAuditRows(): Promise<AuditRow[]>;
  /**
   * Delete rows older than `before` and append a checkpoint row holding the last deleted row's
   * number and hash, from which verification starts. The number of rows deleted.
   */
  pruneAudit(before: string): Promise<number>;
}
