/**
 * How the panel of a step or a link ends: the families' words behind it, why the last change
 * was refused (if it was), and delete, for those who may write.
 */
import type { EvidenceTarget } from '../../../src/doc/index.ts';
import type { Evidence } from '../../../src/model/index.ts';
import { Problem } from '../common/Problem.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import type { TocSession } from './toc-session.ts';
import type { Sources } from './use-sources.ts';

interface Props {
  session: TocSession;
  target: EvidenceTarget;
  evidence: readonly Evidence[];
  sources: Sources;
  readOnly: boolean;
  problem: string | undefined;
  /** "Delete this step". */
  deleteLabel: string;
  onDelete: () => void;
}

export function PanelEnd({ session, target, evidence, sources, readOnly, problem, deleteLabel, onDelete }: Props) {
  return (
    <>
      <EvidencePanel session={session} target={target} evidence={evidence} sources={sources} readOnly={readOnly} />
      <Problem text={problem} />
      {!readOnly && (
        <button type="button" className="danger" onClick={onDelete}>
          {deleteLabel}
        </button>
      )}
    </>
  );
}
