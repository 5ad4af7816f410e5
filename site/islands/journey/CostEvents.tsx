/**
 * A stage's events that cost public services: what happened, how often, before / during /
 * after support, who bore it, how we know, and the unit cost it uses, with its price and
 * source. Adding uses the type's reference row unless someone gives a figure and its source.
 */
import { memo, useId, useState } from 'react';
import { addCostEvent, removeCostEvent } from '../../../src/doc/index.ts';
import { costEventLabel, pounds, supportPeriodText, type JourneyCosts } from '../../../src/costs/index.ts';
import {
  BUILT_IN_AGENCIES,
  COST_EVENT_KINDS,
  COST_EVENT_TYPES,
  EVIDENCE_SOURCES,
  SUPPORT_PERIODS,
  type CostEventType,
  type EvidenceSource,
  type Journey,
  type Stage,
  type SupportPeriod,
} from '../../../src/model/index.ts';
import type { CostsSession } from './costs-session.ts';
import type { JourneySession } from './journey-session.ts';
import { attempt } from '../common/attempt.ts';
import { Problem } from '../common/Problem.tsx';
import { LimitedInput } from '../common/LimitedInput.tsx';
import { postMark } from './sensitive-marks.ts';
import './stage-panel-parts.css';

/** The selected stage as its panel's parts see it: the session, the journey, its priced costs. */
export interface StageContext {
  session: JourneySession;
  journey: Journey;
  stage: Stage;
  costs: JourneyCosts | undefined;
  /** The reference table new events are priced from, and the year prices are shown in. */
  tableId: string;
  priceYear: string;
  readOnly: boolean;
}

/** Which cost events are marked sensitive (server/SPEC.md SEAL4), and whether this person may mark them. */
export interface CostMarks {
  docId: string;
  marked: ReadonlySet<string>;
  canMark: boolean;
}

/** Cost events are written to the costs companion, checked against the journey's stages and agencies. */
type Props = StageContext & { costsSession: CostsSession; marks: CostMarks };

function CostEventsView({ session, costsSession, journey, stage, costs, tableId, priceYear, readOnly, marks }: Props) {
  const ids = {
    type: useId(),
    quantity: useId(),
    period: useId(),
    agency: useId(),
    evidence: useId(),
    amount: useId(),
    source: useId(),
    month: useId(),
  };
  const [type, setType] = useState<CostEventType>('police_callout');
  const [quantity, setQuantity] = useState('1');
  const [period, setPeriod] = useState<SupportPeriod>('before');
  const [month, setMonth] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [evidence, setEvidence] = useState<EvidenceSource>('family-account');
  const [amount, setAmount] = useState('');
  const [source, setSource] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const kind = COST_EVENT_KINDS[type];
  const agencies = [...journey.agencies, ...BUILT_IN_AGENCIES];
  const events = journey.costEvents.filter((e) => e.stageId === stage.id);
  const linesOf = (id: string) => costs?.lines.filter((l) => l.eventId === id && l.valueType === 'fiscal') ?? [];

  const add = () => {
    setProblem(undefined);
    const defaultCode = 'defaultUnitCode' in kind ? kind.defaultUnitCode : undefined;
    const unitCost = amount.trim()
      ? {
          kind: 'override' as const,
          amountGbp: Number(amount),
          priceYear,
          unit: 'each' as const,
          source: source.trim(),
        }
      : defaultCode
        ? { kind: 'reference' as const, table: tableId, code: defaultCode }
        : undefined;
    if (!unitCost) return setProblem('This type has no reference cost: give a figure and where it comes from.');
    // Through the journey's session, so a change waits for the person's name there like any other (its own session never asks).
    const refused = attempt(session, () =>
      addCostEvent(
        costsSession.doc,
        {
          stageId: stage.id,
          type,
          quantity: Number(quantity),
          ...(month ? { when: { kind: 'month' as const, month } } : {}),
          period,
          agencyId: agencyId || kind.category,
          evidence,
          unitCost,
        },
        costsSession.origin,
        session.doc,
      ),
    );
    setProblem(refused);
    if (!refused) {
      setAmount('');
      setSource('');
    }
  };

  return (
    <section className="cost-events" aria-label="Events that cost public services">
      <h3>Events that cost public services</h3>
      {events.length === 0 && <p className="meta">None recorded at this stage.</p>}
      <ul>
        {events.map((event) => {
          const lines = linesOf(event.id);
          const total = lines.reduce((sum, l) => sum + l.amount, 0);
          const provenance = lines[0]?.provenance;
          const agency = agencies.find((a) => a.id === event.agencyId);
          return (
            <li key={event.id}>
              <strong>{costEventLabel(event)}</strong> ({supportPeriodText(event.period)}) ·{' '}
              <span dir="auto">{agency?.name ?? event.agencyId}</span> · <span className="amount">{pounds(total)}</span>
              <span className="provenance">
                {provenance && 'code' in provenance ? (
                  ` ${provenance.code}, ${provenance.priceYear} prices uprated to ${priceYear}; ${provenance.attribution}`
                ) : provenance ? (
                  <>
                    {' '}
                    <span dir="auto">{provenance.override}</span> ({provenance.priceYear})
                  </>
                ) : (
                  ' not priced'
                )}
              </span>
              {marks.marked.has(event.id) && <span className="sensitive-tag"> · sensitive</span>}
              {marks.canMark && (
                <button
                  type="button"
                  className="quiet"
                  aria-label={`${marks.marked.has(event.id) ? 'Not sensitive' : 'Mark sensitive'}: “${costEventLabel(event)}”`}
                  onClick={() =>
                    void postMark(marks.docId, {
                      item: event.id,
                      kind: 'cost-event',
                      on: !marks.marked.has(event.id),
                    }).then(setProblem)
                  }
                >
                  {marks.marked.has(event.id) ? 'Not sensitive' : 'Mark sensitive'}
                </button>
              )}
              {!readOnly && (
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Remove “${costEventLabel(event)}”`}
                  onClick={() =>
                    setProblem(attempt(session, () => removeCostEvent(costsSession.doc, event.id, costsSession.origin)))
                  }
                >
                  Remove
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <div className="cost-form">
          <label htmlFor={ids.type}>What happened</label>
          <select id={ids.type} value={type} onChange={(e) => setType(e.currentTarget.value as CostEventType)}>
            {COST_EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {COST_EVENT_KINDS[t].label}
              </option>
            ))}
          </select>
          <label htmlFor={ids.quantity}>How many {kind.counts}</label>
          <input
            id={ids.quantity}
            type="number"
            min="0.5"
            step="0.5"
            value={quantity}
            onChange={(e) => setQuantity(e.currentTarget.value)}
          />
          <label htmlFor={ids.month}>When (month, if known)</label>
          <input id={ids.month} type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
          <label htmlFor={ids.period}>When, compared with support</label>
          <select id={ids.period} value={period} onChange={(e) => setPeriod(e.currentTarget.value as SupportPeriod)}>
            {SUPPORT_PERIODS.map((p) => (
              <option key={p} value={p}>
                {p} support
              </option>
            ))}
          </select>
          <label htmlFor={ids.agency}>Which agency bore it</label>
          <select id={ids.agency} value={agencyId} onChange={(e) => setAgencyId(e.currentTarget.value)}>
            <option value="">
              Usual for this event ({BUILT_IN_AGENCIES.find((a) => a.id === kind.category)?.name})
            </option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id} dir="auto">
                {a.name}
              </option>
            ))}
          </select>
          <label htmlFor={ids.evidence}>How we know</label>
          <select
            id={ids.evidence}
            value={evidence}
            onChange={(e) => setEvidence(e.currentTarget.value as EvidenceSource)}
          >
            {Object.entries(EVIDENCE_SOURCES).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
          <label htmlFor={ids.amount}>Our own unit cost in £, {priceYear} prices (optional)</label>
          <input
            id={ids.amount}
            type="number"
            min="0"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
          />
          {amount.trim() && (
            <>
              <label htmlFor={ids.source}>Where that figure comes from</label>
              <LimitedInput id={ids.source} value={source} limit={400} onValue={setSource} />
            </>
          )}
          <button type="button" onClick={add}>
            Add the event
          </button>
          <Problem text={problem} />
        </div>
      )}
    </section>
  );
}

export const CostEvents = memo(CostEventsView);
