/**
 * Everything about the selected step, editable by keyboard and by tap: title, kind, what it
 * means, where it stands on the progress scale, the costs it should make rarer, its indicators,
 * what it leads to ("This leads to…", the keyboard's way of drawing a link), the families' words
 * behind it, and delete (undoable, with its links and indicators).
 */
import { memo, useId, useState } from 'react';
import {
  addTocLink,
  removeTocNode,
  setNodeDescription,
  setNodeReduces,
  updateTocNode,
} from '../../../src/doc/index.ts';
import {
  COST_EVENT_KINDS,
  COST_EVENT_TYPES,
  tierOf,
  TOC_NODE_KINDS,
  type CostEventType,
  type ProgressScale,
  type TheoryOfChange,
  type TocNode,
  type TocNodeKind,
} from '../../../src/model/index.ts';
import { CommitInput } from '../common/CommitInput.tsx';
import { attempt, refusal } from '../common/attempt.ts';
import { Indicators } from './Indicators.tsx';
import { KindChip } from './KindChip.tsx';
import { PanelEnd } from './PanelEnd.tsx';
import { KIND_LOOKS } from './node-kinds.ts';
import { ProgressPicker } from './ProgressPicker.tsx';
import { SharedText } from '../common/SharedText.tsx';
import type { Selection } from './toc-elements.ts';
import type { TocSession } from './toc-session.ts';
import type { Sources } from './use-sources.ts';

interface Props {
  session: TocSession;
  toc: TheoryOfChange;
  node: TocNode;
  scale: ProgressScale;
  sources: Sources;
  readOnly: boolean;
  onSelect: (selection: Selection | undefined) => void;
}

function NodePanelView({ session, toc, node, scale, sources, readOnly, onSelect }: Props) {
  const { doc, origin } = session;
  const id = node.id;
  const ids = { title: useId(), kind: useId(), description: useId(), reduces: useId(), link: useId() };
  const [problem, setProblem] = useState<string | undefined>();
  const run = (action: () => void) => setProblem(attempt(session, action));
  const accountable = tierOf(node.kind) <= tierOf(toc.ceiling.highestAccountableKind);
  const title = (nodeId: string) => toc.nodes.find((n) => n.id === nodeId)?.title ?? '';
  const leadsTo = toc.links.filter((l) => l.from === id);
  const comesFrom = toc.links.filter((l) => l.to === id);
  const linkable = toc.nodes.filter((n) => n.id !== id && !leadsTo.some((l) => l.to === n.id));

  return (
    <section className="panel node-panel" aria-label={`${KIND_LOOKS[node.kind].label}: ${node.title}`}>
      <KindChip kind={node.kind} />
      <h2>{node.title}</h2>
      <p className="meta">
        {accountable
          ? 'Below the ceiling of accountability: the programme answers for this.'
          : 'Above the ceiling of accountability: the programme contributes to this.'}
      </p>
      <label htmlFor={ids.title}>Title</label>
      <CommitInput
        id={ids.title}
        value={node.title}
        readOnly={readOnly}
        maxLength={200}
        onCommit={(text) => run(() => updateTocNode(doc, id, { title: text }, origin))}
      />
      <label htmlFor={ids.kind}>Kind of step</label>
      <select
        id={ids.kind}
        value={node.kind}
        disabled={readOnly}
        onChange={(event) =>
          run(() => updateTocNode(doc, id, { kind: event.currentTarget.value as TocNodeKind }, origin))
        }
      >
        {TOC_NODE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {KIND_LOOKS[kind].label}
          </option>
        ))}
      </select>
      <label htmlFor={ids.description}>What it means</label>
      <SharedText
        id={ids.description}
        text={() => session.text({ nodeId: id, field: 'description' })}
        readOnly={readOnly}
        rows={4}
        maxLength={2000}
        onType={(text) => session.write(() => setProblem(refusal(() => setNodeDescription(doc, id, text, origin))))}
      />
      <ProgressPicker
        scale={scale}
        progress={node.progress}
        readOnly={readOnly}
        onChange={(progress) => run(() => updateTocNode(doc, id, { progress }, origin))}
      />
      <h3>Should make rarer</h3>
      {node.reduces.length === 0 && <p className="meta">No costly events named.</p>}
      <ul className="reduces">
        {node.reduces.map((type) => (
          <li key={type}>
            {COST_EVENT_KINDS[type].label}{' '}
            {!readOnly && (
              <button
                type="button"
                className="quiet"
                onClick={() =>
                  run(() =>
                    setNodeReduces(
                      doc,
                      id,
                      node.reduces.filter((t) => t !== type),
                      origin,
                    ),
                  )
                }
              >
                Remove <span className="visually-hidden">{COST_EVENT_KINDS[type].label}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <>
          <label htmlFor={ids.reduces}>It should make rarer…</label>
          <select
            id={ids.reduces}
            value=""
            onChange={(event) => {
              const type = event.currentTarget.value as CostEventType;
              if (type) run(() => setNodeReduces(doc, id, [...node.reduces, type], origin));
            }}
          >
            <option value="">Choose an event that costs public services</option>
            {COST_EVENT_TYPES.filter((t) => !node.reduces.includes(t)).map((type) => (
              <option key={type} value={type}>
                {COST_EVENT_KINDS[type].label}
              </option>
            ))}
          </select>
        </>
      )}
      <Indicators
        session={session}
        nodeId={id}
        indicators={toc.indicators.filter((i) => i.nodeId === id)}
        readOnly={readOnly}
      />
      <h3>Leads to</h3>
      <LinkList direction="to" links={leadsTo.map((l) => ({ id: l.id, title: title(l.to) }))} onSelect={onSelect} />
      {!readOnly && (
        <>
          <label htmlFor={ids.link}>This leads to…</label>
          <select
            id={ids.link}
            value=""
            onChange={(event) => {
              const to = event.currentTarget.value;
              if (to) run(() => addTocLink(doc, { from: id, to }, origin));
            }}
          >
            <option value="">Choose the step it leads to</option>
            {linkable.map((other) => (
              <option key={other.id} value={other.id}>
                {KIND_LOOKS[other.kind].label}: {other.title}
              </option>
            ))}
          </select>
        </>
      )}
      <h3>Comes from</h3>
      <LinkList
        direction="from"
        links={comesFrom.map((l) => ({ id: l.id, title: title(l.from) }))}
        onSelect={onSelect}
      />
      <PanelEnd
        session={session}
        target={{ nodeId: id }}
        evidence={node.evidence}
        sources={sources}
        readOnly={readOnly}
        problem={problem}
        deleteLabel="Delete this step"
        onDelete={() => {
          run(() => removeTocNode(doc, id, origin));
          onSelect(undefined);
        }}
      />
    </section>
  );
}

function LinkList({
  direction,
  links,
  onSelect,
}: {
  direction: 'to' | 'from';
  links: { id: string; title: string }[];
  onSelect: (selection: Selection) => void;
}) {
  if (links.length === 0) return <p className="meta">None yet.</p>;
  return (
    <ul className="link-list">
      {links.map((link) => (
        <li key={link.id}>
          <button type="button" className="quiet" onClick={() => onSelect({ kind: 'link', id: link.id })}>
            <span className="visually-hidden">The link {direction} </span>
            {link.title}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Memoised: while a card is dragged the editor re-renders every frame; the panel need not. */
export const NodePanel = memo(NodePanelView);
