/**
 * Transaction origins: every write to a journey document says who made it, so observers, undo
 * and server hooks can tell a person's edit from a remote update, a migration or an import.
 */
export type OriginKind = 'user' | 'remote' | 'migration' | 'import';

export interface TransactionOrigin {
  readonly kind: OriginKind;
  /** For `user`: the editing session (never a person's name). */
  readonly session?: string;
}

/**
 * One origin object per editing session. An UndoManager tracks this exact object, which is
 * what makes undo apply to one's own changes only.
 */
export function userOrigin(session: string): TransactionOrigin {
  return Object.freeze({ kind: 'user', session });
}

export const REMOTE_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'remote' });
export const MIGRATION_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'migration' });
export const IMPORT_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'import' });
