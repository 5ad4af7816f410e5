/**
 * The side panel when nothing is selected: the theory of change's title and summary, where the
 * ceiling of accountability lies and why, adding a step, and every step by tier (the keyboard's
 * way to select one).
 */
import { memo, useId, useState } from 'react';
import { addTocNode, setCeiling, setTocSummary, setTocTitle } from '../../../src/doc/index.ts';
import { tierOf, TOC_NODE_KINDS, type TheoryOfChange, type TocNodeKind } from '../../../src/model/index.ts';
import { CommitInput } from '../common/CommitInput.tsx';
import { attempt } from '../common/attempt.ts';
import { KindChip } from './KindChip.tsx';
import { KIND_LOOKS } from './node-kinds.ts';
import type { Selection } from './toc-elements.ts';
import { layoutByTier } from './toc-layout.ts';
import type { TocSession } from './toc-session.ts';
import { Problem } from '../common/Problem.tsx';

interface Props {
  session: TocSession;
  toc: TheoryOfChange;
  readOnly: boolean;
  onSelect: (selection: Selection | undefined) => void;
}

const NEW_STEP = '(new)';
/** The new step's title box, which the toolbar's "Add a step" brings into focus. */
export const ADD_STEP_INPUT = 'toc-add-step-title';

function OverviewPanelView({ session, toc, readOnly, onSelect }: Props) {
  const { doc, origin } = session;
  const ids = {
    title: useId(),
    summary: useId(),
    ceiling: useId(),
    ceilingNote: useId(),
    kind: useId(),
    step: ADD_STEP_INPUT,
  };
  const [kind, setKind] = useState<TocNodeKind>('intermediate-outcome');
  const [stepTitle, setStepTitle] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const ceiling = toc.ceiling.highestAccountableKind;
  const below = TOC_NODE_KINDS.filter((k) => tierOf(k) <= tierOf(ceiling)).map((k) => KIND_LOOKS[k].plural);

  const add = () => {
    // Placed at once, at the end of its tier, so the steps already there do not shift.
    const position = layoutByTier([...toc.nodes, { id: NEW_STEP, kind }]).get(NEW_STEP);
    let added: string | undefined;
    const refused = attempt(session, () => {
      added = addTocNode(doc, { kind, title: stepTitle.trim(), ...(position ? { position } : {}) }, origin);
    });
    setProblem(refused);
    if (added) {
      setStepTitle('');
      onSelect({ kind: 'node', id: added });
    }
  };

  return (
    <section className="panel toc-overview" aria-label="The theory of change">
      <h2>The theory of change</h2>
      <label htmlFor={ids.title}>Title</label>
      <CommitInput
        id={ids.title}
        value={toc.title}
        readOnly={readOnly}
        maxLength={200}
        onCommit={(title) => setProblem(attempt(session, () => setTocTitle(doc, title, origin)))}
      />
      <label htmlFor={ids.summary}>Summary: what the programme does, for whom, and why</label>
      <CommitInput
        id={ids.summary}
        value={toc.summary ?? ''}
        readOnly={readOnly}
        maxLength={2000}
        multiline
        onCommit={(summary) => setProblem(attempt(session, () => setTocSummary(doc, summary || null, origin)))}
      />
      <label htmlFor={ids.ceiling}>Ceiling of accountability: the programme answers for steps up to</label>
      <select
        id={ids.ceiling}
        value={ceiling}
        disabled={readOnly}
        onChange={(event) =>
          setProblem(
            attempt(session, () =>
              setCeiling(
                doc,
                { ...toc.ceiling, highestAccountableKind: event.currentTarget.value as TocNodeKind },
                origin,
              ),
            ),
          )
        }
      >
        {TOC_NODE_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LOOKS[k].plural}
          </option>
        ))}
      </select>
      <p className="meta">
        It answers for {below.join(', ').toLowerCase()}, and contributes to what lies above the line.
      </p>
      <label htmlFor={ids.ceilingNote}>Why the line is there</label>
      <CommitInput
        id={ids.ceilingNote}
        value={toc.ceiling.note ?? ''}
        readOnly={readOnly}
        maxLength={500}
        multiline
        onCommit={(note) =>
          setProblem(
            attempt(session, () =>
              setCeiling(
                doc,
                { highestAccountableKind: toc.ceiling.highestAccountableKind, ...(note ? { note } : {}) },
                origin,
              ),
            ),
          )
        }
      />
      {!readOnly && (
        <fieldset className="add-step">
          <legend>Add a step</legend>
          <label htmlFor={ids.kind}>Kind of step</label>
          <select id={ids.kind} value={kind} onChange={(event) => setKind(event.currentTarget.value as TocNodeKind)}>
            {TOC_NODE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LOOKS[k].label}
              </option>
            ))}
          </select>
          <label htmlFor={ids.step}>Its title</label>
          <input
            id={ids.step}
            value={stepTitle}
            maxLength={200}
            onChange={(event) => setStepTitle(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && stepTitle.trim()) add();
            }}
          />
          <button type="button" disabled={!stepTitle.trim()} onClick={add}>
            Add the step
          </button>
        </fieldset>
      )}
      <Problem text={problem} />
      <nav aria-label="Steps">
        <h3>Steps, from impact down to activities</h3>
        {toc.nodes.length === 0 && <p>No steps yet.</p>}
        {TOC_NODE_KINDS.map((k) => {
          const nodes = toc.nodes.filter((n) => n.kind === k);
          return (
            nodes.length > 0 && (
              <section key={k} className="tier-list" aria-label={KIND_LOOKS[k].plural}>
                <KindChip kind={k} />
                <ul>
                  {nodes.map((node) => (
                    <li key={node.id}>
                      <button type="button" className="quiet" onClick={() => onSelect({ kind: 'node', id: node.id })}>
                        {node.title}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            )
          );
        })}
      </nav>
    </section>
  );
}

export const OverviewPanel = memo(OverviewPanelView);
