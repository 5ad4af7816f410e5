/** Whose words a stage's are, and the names the map's lanes show. */
import { describe, expect, it } from 'vitest';
import { lanesOf } from '../../site/islands/journey/lanes.ts';
import { inFamilyOrder, quoteAttribution } from '../../site/lib/member-words.ts';
import { smallJourney } from '../fixtures/small-journey.ts';

const journey = smallJourney();
const [s1, s2, s3] = journey.stages;

describe('quote attribution', () => {
  it('names the member and their role, and says “the family” when nobody is said, never “a parent”', () => {
    expect(quoteAttribution(s1!, journey.family.members).words).toBe('Jo, mother');
    expect(quoteAttribution({ ...s1!, speakerId: undefined }, journey.family.members).words).toBe('the family');
    expect(quoteAttribution({ voice: 'practitioner' }, journey.family.members).words).toBe('a practitioner');
    expect(quoteAttribution({ voice: 'parent', speakerId: 'gone' as never }, []).words).toBe('the family');
  });
});

describe('lanes', () => {
  it('names a lane per member (and one for stages that say nobody), each stage in its speaker’s', () => {
    const { names, laneOf } = lanesOf(journey, 'member');
    expect(names).toEqual(['Not said', 'Jo', 'Sam']);
    expect([s1, s2, s3].map((s) => laneOf(s!))).toEqual([1, 0, 0]);
  });

  it('names a lane per service in use, each stage in its first service’s', () => {
    const { names, laneOf } = lanesOf(journey, 'service');
    expect(names).toEqual(['No service', 'Housing']);
    expect(laneOf(s1!)).toBe(1);
  });
});

describe('family order', () => {
  it('puts parents first, then children, then others, by name within a role, whatever their ids', () => {
    const family = [
      { id: 'a', pseudonym: 'Nan', role: 'grandparent' },
      { id: 'b', pseudonym: 'Zak', role: 'child' },
      { id: 'c', pseudonym: 'Amy', role: 'child' },
      { id: 'd', pseudonym: 'Kerry', role: 'mother' },
    ] as const;
    expect(inFamilyOrder(family).map((m) => m.pseudonym)).toEqual(['Kerry', 'Nan', 'Amy', 'Zak']);
  });
});
