/**
 * What families said behind the selected step or link: each cited stage with the family's
 * pseudonym, the stage, and the words there, or why the words are not shown. The team and
 * anyone who may write can cite another stage (journey → stage → optionally what helped or got
 * in the way there) or stop citing one.
 */
import { useId, useState } from 'react';
import { addEvidence, evidenceKey, removeEvidence, type EvidenceTarget } from '../../../src/doc/index.ts';
import type { Evidence, EvidenceInput } from '../../../src/model/index.ts';
import { attempt } from '../common/attempt.ts';
import { factorChoice, resolveEvidence, stageChoice } from './evidence.ts';
import type { SourceJourney } from '../../lib/toc-sources.ts';
import type { TocSession } from './toc-session.ts';
import type { Sources } from './use-sources.ts';
import { Problem } from '../common/Problem.tsx';

interface Props {
  session: TocSession;
  target: EvidenceTarget;
  evidence: readonly Evidence[];
  sources: Sources;
  readOnly: boolean;
}

export function EvidencePanel({ session, target, evidence, sources, readOnly }: Props) {
  const [problem, setProblem] = useState<string | undefined>();
  const heading = useId();
  const journeys = sources.state === 'ready' ? sources.journeys : [];
  return (
    <section className="evidence" aria-labelledby={heading}>
      <h3 id={heading}>What families said</h3>
      {sources.state === 'loading' && <p className="meta">Loading the families’ journeys…</p>}
      {sources.state === 'failed' && (
        <p className="note">The families’ journeys could not be loaded. Reload the page to try again.</p>
      )}
      {evidence.length === 0 && <p className="meta">No family’s stage is cited here yet.</p>}
      {sources.state === 'ready' && evidence.length > 0 && (
        <ul className="evidence-list">
          {evidence.map((item) => {
            const view = resolveEvidence(item, journeys);
            return (
              <li key={evidenceKey(item)}>
                <p className="evidence-source">
                  <strong>{view.family}</strong> · {view.stage}
                  {view.level && <> · {view.level}</>}
                  {view.what && <> · {view.what}</>}
                </p>
                {view.words && <blockquote>{view.words}</blockquote>}
                {view.note && <p className="meta">{view.note}</p>}
                {!readOnly && (
                  <button
                    type="button"
                    className="quiet"
                    onClick={() =>
                      setProblem(attempt(session, () => removeEvidence(session.doc, target, item, session.origin)))
                    }
                  >
                    Stop citing this
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!readOnly && sources.state === 'ready' && (
        <CiteForm
          journeys={journeys}
          onCite={(cited) =>
            setProblem(attempt(session, () => addEvidence(session.doc, target, cited, session.origin)))
          }
        />
      )}
      <Problem text={problem} />
    </section>
  );
}

function CiteForm({
  journeys,
  onCite,
}: {
  journeys: readonly SourceJourney[];
  onCite: (evidence: EvidenceInput) => void;
}) {
  const ids = { journey: useId(), stage: useId(), factor: useId() };
  const [journeyId, setJourneyId] = useState('');
  const [stageId, setStageId] = useState('');
  const [factorId, setFactorId] = useState('');
  const journey = journeys.find((j) => j.id === journeyId);
  const factors = journey?.factors.filter((f) => f.stageId === stageId) ?? [];
  return (
    <fieldset className="cite">
      <legend>Cite a family’s stage</legend>
      <label htmlFor={ids.journey}>Family</label>
      <select
        id={ids.journey}
        value={journeyId}
        onChange={(event) => {
          setJourneyId(event.currentTarget.value);
          setStageId('');
          setFactorId('');
        }}
      >
        <option value="">Choose a family</option>
        {journeys.map((j) => (
          <option key={j.id} value={j.id}>
            {j.family}
          </option>
        ))}
      </select>
      {journey && (
        <>
          <label htmlFor={ids.stage}>Stage</label>
          <select
            id={ids.stage}
            value={stageId}
            onChange={(event) => {
              setStageId(event.currentTarget.value);
              setFactorId('');
            }}
          >
            <option value="">Choose a stage</option>
            {journey.stages.map((stage, index) => (
              <option key={stage.id} value={stage.id}>
                {stageChoice(journey, index)}
              </option>
            ))}
          </select>
        </>
      )}
      {journey && stageId && factors.length > 0 && (
        <>
          <label htmlFor={ids.factor}>What helped or got in the way there (optional)</label>
          <select id={ids.factor} value={factorId} onChange={(event) => setFactorId(event.currentTarget.value)}>
            <option value="">The stage as a whole</option>
            {factors.map((factor, index) => (
              <option key={factor.id} value={factor.id}>
                {factorChoice(factor, index)}
              </option>
            ))}
          </select>
        </>
      )}
      <button
        type="button"
        disabled={!journey || !stageId}
        onClick={() => {
          onCite({ journeyId, stageId, ...(factorId ? { factorId } : {}) });
          setStageId('');
          setFactorId('');
        }}
      >
        Cite this
      </button>
    </fieldset>
  );
}
