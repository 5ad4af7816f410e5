/**
 * What a reader leaves out or repairs. Nothing in a shared document is trusted: each reader
 * checks every record on its own, and one that fails is quarantined (reported, never allowed to
 * break the rest), because a peer may send anything.
 */
import type { ValidationIssue } from '../model/validation-issue.ts';

export interface QuarantinedRecord {
  /** `meta`, `stages`, `links`, … */
  collection: string;
  /** The record's key (or the meta field's name). */
  id: string;
  issues: ValidationIssue[];
  /**
   * `dropped`: the record was left out. `repaired`: kept without the field at fault. `merged`:
   * left out because it repeats another that is kept (a link two people drew at once).
   */
  action: 'dropped' | 'repaired' | 'merged';
}

/** One reader's log of quarantined records, and how it adds to it. */
export function quarantineLog(): {
  quarantined: QuarantinedRecord[];
  drop: (collection: string, id: string, issues: ValidationIssue[]) => void;
  repair: (collection: string, id: string, issues: ValidationIssue[]) => void;
} {
  const quarantined: QuarantinedRecord[] = [];
  return {
    quarantined,
    drop: (collection, id, issues) => quarantined.push({ collection, id, issues, action: 'dropped' }),
    repair: (collection, id, issues) => quarantined.push({ collection, id, issues, action: 'repaired' }),
  };
}
