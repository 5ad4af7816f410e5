import { describe, expect, it } from 'vitest';
import {
  canonicalJourney,
  DEFAULT_PROGRESS_SCALE,
  JourneySchema,
  issuesFrom,
  type JourneyInput,
  type ValidationIssue,
} from '../../../src/model/index.ts';
import { smallJourney, smallJourneyInput } from '../../fixtures/small-journey.ts';

function issuesOf(input: unknown): ValidationIssue[] {
  const result = JourneySchema.safeParse(input);
  return result.success ? [] : issuesFrom(result.error);
}

function withChange(change: (j: JourneyInput) => void): JourneyInput {
  const input = smallJourneyInput();
  change(input);
  return input;
}

describe('JourneySchema', () => {
  it('accepts a complete journey and fills defaults', () => {
    const journey = smallJourney();
    expect(journey.scale).toEqual(DEFAULT_PROGRESS_SCALE);
    expect(journey.stages[2]?.words).toBe('');
    expect(journey.stages[2]?.voice).toBe('parent');
    expect(journey.stages[2]?.services).toEqual([]);
  });

  it('names the field of a missing value', () => {
    expect(issuesOf(withChange((j) => delete (j.stages[1] as Partial<(typeof j.stages)[1]>).title))).toEqual([
      { path: '$.stages[1].title', message: 'is missing (expected string)' },
    ]);
  });

  it('reports a duplicate id at the second occurrence, pointing at the first', () => {
    const issues = issuesOf(withChange((j) => (j.stages[2]!.id = 's1')));
    expect(issues).toContainEqual({ path: '$.stages[2].id', message: 'duplicate id "s1" (also at stages.0)' });
  });

  it('refuses a link to a stage that does not exist', () => {
    expect(issuesOf(withChange((j) => (j.links![0]!.to = 's9')))).toEqual([
      { path: '$.links[0].to', message: 'refers to stage "s9", which this journey does not have' },
    ]);
  });

  it('refuses a stage leading to itself', () => {
    expect(issuesOf(withChange((j) => (j.links![0]!.to = 's1')))).toEqual([
      { path: '$.links[0].to', message: 'a stage cannot lead to itself' },
    ]);
  });

  it('refuses a progress level that is not on the scale', () => {
    const issues = issuesOf(withChange((j) => (j.stages[0]!.progress = { level: 6, ratedBy: 'worker' })));
    expect(issues).toEqual([
      {
        path: '$.stages[0].progress.level',
        message: 'level 6 is not on the scale "stuck-to-independence" (levels 1–5)',
      },
    ]);
  });

  it('checks references to members, codes, stages and agencies', () => {
    const input = withChange((j) => {
      j.stages[0]!.speakerId = 'dad';
      j.stages[0]!.codes = ['nope'];
      j.factors![0]!.stageId = 'gone';
      j.costEvents![0]!.agencyId = 'mi5';
    });
    expect(issuesOf(input).map((i) => i.path)).toEqual([
      '$.stages[0].speakerId',
      '$.stages[0].codes[0]',
      '$.factors[0].stageId',
      '$.costEvents[0].agencyId',
    ]);
  });

  it('accepts a built-in agency category as an agency id', () => {
    expect(issuesOf(withChange((j) => (j.costEvents![0]!.agencyId = 'nhs')))).toEqual([]);
  });

  it('rejects unknown fields rather than dropping them silently', () => {
    const input = withChange((j) => Object.assign(j.stages[0]!, { titel: 'typo' }));
    expect(issuesOf(input)).toEqual([{ path: '$.stages[0]', message: 'has unknown field "titel"' }]);
  });

  it('rejects ids that are not slugs and months that are not months', () => {
    const input = withChange((j) => {
      j.id = 'has spaces';
      j.stages[2]!.when = { kind: 'month', month: '2015-13' };
    });
    expect(issuesOf(input).map((i) => i.path)).toEqual(['$.id', '$.stages[2].when.month']);
  });

  it('canonical order puts stages along the journey and records by id', () => {
    const journey = smallJourney();
    const shuffled = { ...journey, stages: [...journey.stages].reverse(), codes: [...journey.codes].reverse() };
    const canonical = canonicalJourney(shuffled);
    expect(canonical.stages.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(canonical.codes.map((c) => c.id)).toEqual(['housing', 'trusted-worker']);
  });
});
