/**
 * What must hold for the selected link's step to lead to the next: the assumptions it rests on,
 * each with its kind, the risk if it fails and whether it has been tested. Pick one the theory
 * of change already has, write a new one, change one (for every link that rests on it), or take
 * one off this link.
 */
import { useId, useState } from 'react';
import { setLinkAssumptions, upsertAssumption } from '../../../src/doc/index.ts';
import {
  ASSUMPTION_KINDS,
  type Assumption,
  type AssumptionId,
  type AssumptionKind,
  type TocLink,
} from '../../../src/model/index.ts';
import { attempt } from '../common/attempt.ts';
import type { TocSession } from './toc-session.ts';
import { Problem } from '../common/Problem.tsx';
import { LimitedInput } from '../common/LimitedInput.tsx';

const KIND_WORDS: Record<AssumptionKind, string> = {
  contextual: 'Contextual',
  theoretical: 'Theoretical',
  causal: 'Causal',
};
const RISKS = { low: 'Low', medium: 'Medium', high: 'High' } as const;
const STATUSES = { untested: 'Not tested yet', holding: 'Holding', failed: 'Did not hold' } as const;

interface Props {
  session: TocSession;
  link: TocLink;
  assumptions: readonly Assumption[];
  readOnly: boolean;
}

export function Assumptions({ session, link, assumptions, readOnly }: Props) {
  const id = useId();
  const [problem, setProblem] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<AssumptionKind>('causal');
  const [risk, setRisk] = useState<Assumption['risk']>('medium');
  const { doc, origin } = session;
  const linkId = link.id;
  const held = assumptions.filter((a) => link.assumptionIds.includes(a.id));
  const others = assumptions.filter((a) => !link.assumptionIds.includes(a.id));
  const setIds = (ids: readonly string[]) => setLinkAssumptions(doc, linkId, ids as AssumptionId[], origin);
  const edit = (assumption: Assumption, patch: Partial<Assumption>) =>
    setProblem(attempt(session, () => upsertAssumption(doc, { ...assumption, ...patch }, origin)));

  return (
    <section className="assumptions" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Assumptions this rests on</h3>
      {held.length === 0 && <p className="meta">None recorded.</p>}
      <ul>
        {held.map((assumption, index) => (
          <li key={assumption.id}>
            <p>{assumption.text}</p>
            <div className="row assumption-fields">
              <label htmlFor={`${id}-kind-${index}`}>Kind</label>
              <select
                id={`${id}-kind-${index}`}
                value={assumption.kind}
                disabled={readOnly}
                title={ASSUMPTION_KINDS[assumption.kind]}
                onChange={(event) => edit(assumption, { kind: event.currentTarget.value as AssumptionKind })}
              >
                {Object.entries(KIND_WORDS).map(([key, words]) => (
                  <option key={key} value={key}>
                    {words}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-risk-${index}`}>Risk if it fails</label>
              <select
                id={`${id}-risk-${index}`}
                value={assumption.risk}
                disabled={readOnly}
                onChange={(event) => edit(assumption, { risk: event.currentTarget.value as Assumption['risk'] })}
              >
                {Object.entries(RISKS).map(([key, words]) => (
                  <option key={key} value={key}>
                    {words}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-status-${index}`}>Tested?</label>
              <select
                id={`${id}-status-${index}`}
                value={assumption.status}
                disabled={readOnly}
                onChange={(event) => edit(assumption, { status: event.currentTarget.value as Assumption['status'] })}
              >
                {Object.entries(STATUSES).map(([key, words]) => (
                  <option key={key} value={key}>
                    {words}
                  </option>
                ))}
              </select>
            </div>
            {!readOnly && (
              <button
                type="button"
                className="quiet"
                onClick={() =>
                  setProblem(attempt(session, () => setIds(link.assumptionIds.filter((a) => a !== assumption.id))))
                }
              >
                Take off this link
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && others.length > 0 && (
        <>
          <label htmlFor={`${id}-pick`}>Rests also on…</label>
          <select
            id={`${id}-pick`}
            value=""
            onChange={(event) => {
              const picked = event.currentTarget.value;
              if (picked) setProblem(attempt(session, () => setIds([...link.assumptionIds, picked])));
            }}
          >
            <option value="">Choose an assumption already written</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.text}
              </option>
            ))}
          </select>
        </>
      )}
      {!readOnly && (
        <fieldset className="new-assumption">
          <legend>A new assumption</legend>
          <label htmlFor={`${id}-text`}>What must hold</label>
          <LimitedInput id={`${id}-text`} value={text} limit={1000} onValue={setText} />
          <label htmlFor={`${id}-new-kind`}>Kind</label>
          <select id={`${id}-new-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as AssumptionKind)}>
            {Object.entries(ASSUMPTION_KINDS).map(([key, words]) => (
              <option key={key} value={key}>
                {KIND_WORDS[key as AssumptionKind]}: {words}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-new-risk`}>Risk if it fails</label>
          <select
            id={`${id}-new-risk`}
            value={risk}
            onChange={(e) => setRisk(e.currentTarget.value as Assumption['risk'])}
          >
            {Object.entries(RISKS).map(([key, words]) => (
              <option key={key} value={key}>
                {words}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!text.trim()}
            onClick={() => {
              const refused = attempt(session, () => {
                const added = upsertAssumption(doc, { text: text.trim(), kind, risk, status: 'untested' }, origin);
                setIds([...link.assumptionIds, added]);
              });
              setProblem(refused);
              if (!refused) setText('');
            }}
          >
            Add the assumption
          </button>
        </fieldset>
      )}
      <Problem text={problem} />
    </section>
  );
}
