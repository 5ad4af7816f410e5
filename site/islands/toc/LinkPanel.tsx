/**
 * Everything about the selected link ("this leads to that"): why, what the programme does to
 * make it happen, how sure the team is, what it rests on, the families' words behind it, and
 * delete (undoable).
 */
import { memo, useId, useState } from 'react';
import { removeTocLink, setLinkConfidence, setLinkInterventions, setLinkRationale } from '../../../src/doc/index.ts';
import type { Confidence, TheoryOfChange, TocLink } from '../../../src/model/index.ts';
import { attempt, refusal } from '../common/attempt.ts';
import { Assumptions } from './Assumptions.tsx';
import { CONFIDENCE_WORDS } from './node-kinds.ts';
import { PanelEnd } from './PanelEnd.tsx';
import { SharedText } from '../common/SharedText.tsx';
import type { Selection } from './toc-elements.ts';
import type { TocSession } from './toc-session.ts';
import type { Sources } from './use-sources.ts';
import { LimitedInput } from '../common/LimitedInput.tsx';

interface Props {
  session: TocSession;
  toc: TheoryOfChange;
  link: TocLink;
  sources: Sources;
  readOnly: boolean;
  onSelect: (selection: Selection | undefined) => void;
}

function LinkPanelView({ session, toc, link, sources, readOnly, onSelect }: Props) {
  const { doc, origin } = session;
  const id = link.id;
  const ids = { rationale: useId(), intervention: useId() };
  const [intervention, setIntervention] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const from = toc.nodes.find((n) => n.id === link.from);
  const to = toc.nodes.find((n) => n.id === link.to);
  const run = (action: () => void) => setProblem(attempt(session, action));

  return (
    <section className="panel link-panel" aria-label={`Link: ${from?.title ?? ''} leads to ${to?.title ?? ''}`}>
      <h2>This leads to that</h2>
      <p className="link-ends">
        <button type="button" className="quiet" onClick={() => onSelect({ kind: 'node', id: link.from })}>
          {from?.title}
        </button>{' '}
        <span aria-hidden="true">↑</span> <span className="meta">leads to</span>{' '}
        <button type="button" className="quiet" onClick={() => onSelect({ kind: 'node', id: link.to })}>
          {to?.title}
        </button>
      </p>
      <label htmlFor={ids.rationale}>Why one leads to the other</label>
      <SharedText
        id={ids.rationale}
        text={() => session.text({ linkId: id, field: 'rationale' })}
        readOnly={readOnly}
        rows={5}
        maxLength={2000}
        onType={(text) => session.write(() => setProblem(refusal(() => setLinkRationale(doc, id, text, origin))))}
      />
      <fieldset className="confidence-picker">
        <legend>How sure are we?</legend>
        {(['low', 'medium', 'high'] as const).map((confidence: Confidence) => (
          <button
            key={confidence}
            type="button"
            aria-pressed={link.confidence === confidence}
            disabled={readOnly}
            onClick={() => run(() => setLinkConfidence(doc, id, confidence, origin))}
          >
            {CONFIDENCE_WORDS[confidence]}
          </button>
        ))}
      </fieldset>
      <h3>What the programme does to make it happen</h3>
      {link.interventions.length === 0 && <p className="meta">Nothing written yet.</p>}
      <ul className="interventions">
        {link.interventions.map((item) => (
          <li key={item}>
            {item}{' '}
            {!readOnly && (
              <button
                type="button"
                className="quiet"
                onClick={() =>
                  run(() =>
                    setLinkInterventions(
                      doc,
                      id,
                      link.interventions.filter((other) => other !== item),
                      origin,
                    ),
                  )
                }
              >
                Remove <span className="visually-hidden">{item}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <>
          <label htmlFor={ids.intervention}>Something the programme does</label>
          <div className="row">
            <LimitedInput id={ids.intervention} value={intervention} limit={300} onValue={setIntervention} />
            <button
              type="button"
              disabled={!intervention.trim()}
              onClick={() => {
                const added = intervention.trim();
                // Each intervention is listed once: adding one already there changes nothing.
                if (!link.interventions.includes(added))
                  run(() => setLinkInterventions(doc, id, [...link.interventions, added], origin));
                setIntervention('');
              }}
            >
              Add
            </button>
          </div>
        </>
      )}
      <Assumptions session={session} link={link} assumptions={toc.assumptions} readOnly={readOnly} />
      <PanelEnd
        session={session}
        target={{ linkId: id }}
        evidence={link.evidence}
        sources={sources}
        readOnly={readOnly}
        problem={problem}
        deleteLabel="Delete this link"
        onDelete={() => {
          run(() => removeTocLink(doc, id, origin));
          onSelect(undefined);
        }}
      />
    </section>
  );
}

/** Memoised: while a card is dragged the editor re-renders every frame; the panel need not. */
export const LinkPanel = memo(LinkPanelView);
