/** How amounts and cost events read: the one wording the editor, the pages and the report share. */
import { describe, expect, it } from 'vitest';
import { costEventLabel, describeCostEvent, pounds, supportPeriodText } from '../../../src/costs/index.ts';
import { AgencyIdSchema } from '../../../src/model/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

describe('cost wording', () => {
  it('writes amounts in whole pounds', () => {
    expect([0, 1234.5, 1_800, -20.4].map(pounds)).toEqual(['£0', '£1,235', '£1,800', '-£20']);
  });

  it('writes an event as its kind and how many, and the whole event as a sentence', () => {
    const journey = smallJourney();
    const [eviction] = journey.costEvents;
    expect(costEventLabel(eviction!)).toBe('Eviction × 1');
    expect(supportPeriodText('during')).toBe('during support');
    // An agency is named with its category; one nobody knows, by its id.
    expect(describeCostEvent(eviction!, journey.agencies)).toBe(
      'Eviction, once, before support; borne by District councils (housing, anti-social behaviour) (District councils (housing, anti-social behaviour))',
    );
    expect(
      describeCostEvent({ ...eviction!, agencyId: AgencyIdSchema.parse('nobody-we-know') }, journey.agencies),
    ).toBe('Eviction, once, before support; borne by nobody-we-know');
    const placed = {
      ...eviction!,
      type: 'taken_into_care' as const,
      quantity: 3,
      agencyId: AgencyIdSchema.parse('town-police'),
    };
    expect(describeCostEvent(placed, journey.agencies)).toBe(
      'Child taken into care (foster care), 3 weeks, before support; borne by Town Police (Police)',
    );
  });
});
