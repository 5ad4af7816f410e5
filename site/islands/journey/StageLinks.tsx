/**
 * What a stage led to and what it came from: each link listed with its other end, which can be
 * changed to another stage or removed, and "This led to…" to add one. A stage already linked is
 * not offered again, so a link is never made twice (the document refuses a repeat too).
 */
import { memo, useId, useState } from 'react';
import { linkStages, relinkStages, unlinkStages } from '../../../src/doc/index.ts';
import type { Link, LinkId, Stage } from '../../../src/model/index.ts';
import { attempt } from '../common/attempt.ts';
import { Problem } from '../common/Problem.tsx';
import type { StageContext } from './CostEvents.tsx';
import './stage-panel-parts.css';

type Props = Pick<StageContext, 'session' | 'journey' | 'stage' | 'readOnly'>;

/** One side of the stage's links: those that leave it ("Led to") or arrive at it ("Came from"). */
interface Side {
  heading: string;
  /** The end of a link on this side that is not the stage. */
  otherEnd: (link: Link) => string;
  end: 'to' | 'from';
  removeName: (title: string) => string;
}

const LED_TO: Side = {
  heading: 'Led to',
  otherEnd: (link) => link.to,
  end: 'to',
  removeName: (title) => `Remove the link to “${title}”`,
};
const CAME_FROM: Side = {
  heading: 'Came from',
  otherEnd: (link) => link.from,
  end: 'from',
  removeName: (title) => `Remove the link from “${title}”`,
};
const SIDES = [LED_TO, CAME_FROM];

function StageLinksView({ session, journey, stage, readOnly }: Props) {
  const { doc, origin } = session;
  const base = useId();
  const [problem, setProblem] = useState<string | undefined>();
  const run = (action: () => void) => setProblem(attempt(session, action));
  const others = journey.stages.filter((s) => s.id !== stage.id);
  const titleOf = (id: string) => journey.stages.find((s) => s.id === id)?.title ?? 'a stage';
  const linksOn = (side: Side) =>
    journey.links.filter((link) => (side.end === 'to' ? link.from : link.to) === stage.id);
  /** Stages a link on this side could go to: not this one, nor one already linked this way (but its own end). */
  const choicesFor = (side: Side, own?: string): Stage[] => {
    const taken = new Set(linksOn(side).map(side.otherEnd));
    return others.filter((s) => s.id === own || !taken.has(s.id));
  };

  return (
    <section className="stage-links" aria-label="Links to other stages">
      {SIDES.map((side) => {
        const links = linksOn(side);
        return (
          <section key={side.end} className="link-group" aria-label={side.heading}>
            <h3>{side.heading}</h3>
            {links.length === 0 ? (
              <p className="meta">No stage yet.</p>
            ) : (
              <ul>
                {links.map((link) => {
                  const other = side.otherEnd(link);
                  const title = titleOf(other);
                  const boxId = `${base}-${side.end}-${link.id}`;
                  return (
                    <li key={link.id}>
                      {readOnly ? (
                        <span dir="auto">{title}</span>
                      ) : (
                        <div className="row">
                          <label htmlFor={boxId} className="visually-hidden">
                            {side.heading}
                          </label>
                          <select
                            id={boxId}
                            dir="auto"
                            value={other}
                            onChange={(event) => {
                              const chosen = event.currentTarget.value;
                              run(() => relinkStages(doc, link.id as LinkId, { [side.end]: chosen }, origin));
                            }}
                          >
                            {choicesFor(side, other).map((choice) => (
                              <option key={choice.id} value={choice.id} dir="auto">
                                {choice.title}
                              </option>
                            ))}
                          </select>
                          <button
                            type="button"
                            className="quiet"
                            aria-label={side.removeName(title)}
                            onClick={() => run(() => unlinkStages(doc, link.id as LinkId, origin))}
                          >
                            Remove
                          </button>
                        </div>
                      )}
                      {link.label && (
                        <span className="meta link-label" dir="auto">
                          {link.label}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
      {!readOnly && (
        <>
          <label htmlFor={`${base}-add`}>This led to…</label>
          <select
            id={`${base}-add`}
            value=""
            onChange={(event) => {
              const to = event.currentTarget.value;
              if (to) run(() => linkStages(doc, { from: stage.id, to }, origin));
            }}
          >
            <option value="">
              {choicesFor(LED_TO).length > 0
                ? 'Choose the stage it led to'
                : 'It is linked to every other stage already'}
            </option>
            {choicesFor(LED_TO).map((other) => (
              <option key={other.id} value={other.id} dir="auto">
                {other.title}
              </option>
            ))}
          </select>
        </>
      )}
      <Problem text={problem} />
    </section>
  );
}

export const StageLinks = memo(StageLinksView);
