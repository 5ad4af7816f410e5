/**
 * Transaction origins: every write to a journey document says who made it, so observers, undo
 * and server hooks can tell a person's edit from a remote update, a migration, an import or the
 * server's own bookkeeping.
 */
export type OriginKind = 'user' | 'remote' | 'migration' | 'import' | 'server';

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
export const SERVER_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'server' });

/** The kind of an origin seen in a Yjs event; undefined for origins not made here (e.g. a provider's). */
export function originKind(origin: unknown): OriginKind | undefined {
  if (typeof origin !== 'object' || origin === null || !('kind' in origin)) return undefined;
  const kind = (origin as { kind: unknown }).kind;
  return kind === 'user' || kind === 'remote' || kind === 'migration' || kind === 'import' || kind === 'server'
    ? kind
    : undefined;
}
