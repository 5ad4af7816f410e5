/**
 * How an amount and a cost event are written, in the editor, on the journey's pages and in the
 * cost report, so a figure or an event reads the same wherever it appears.
 */
import { AGENCY_CATEGORIES, findAgency, type Agency } from '../model/agency.ts';
import type { CostEvent, SupportPeriod } from '../model/cost-event.ts';
import { COST_EVENT_KINDS } from '../model/cost-event-types.ts';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** "£1,235": whole pounds, which is as precise as unit costs are. */
export const pounds = (amount: number): string => POUNDS.format(amount);

/** "Police call-out × 2": what happened and how many times (or weeks, or years). */
export function costEventLabel(event: Pick<CostEvent, 'type' | 'quantity'>): string {
  return `${COST_EVENT_KINDS[event.type].label} × ${event.quantity}`;
}

/** "before support". */
export function supportPeriodText(period: SupportPeriod): string {
  return `${period} support`;
}

/** The whole event as a sentence: "Police call-out, 2 times, before support; borne by …". */
export function describeCostEvent(event: CostEvent, agencies: readonly Agency[]): string {
  const kind = COST_EVENT_KINDS[event.type];
  const agency = findAgency(agencies, event.agencyId);
  const count =
    kind.counts === 'times'
      ? event.quantity === 1
        ? 'once'
        : `${event.quantity} times`
      : `${event.quantity} ${kind.counts}`;
  const paidBy = agency ? `${agency.name} (${AGENCY_CATEGORIES[agency.category]})` : event.agencyId;
  return `${kind.label}, ${count}, ${supportPeriodText(event.period)}; borne by ${paidBy}`;
}
