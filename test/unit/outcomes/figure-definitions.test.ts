import { describe, expect, it } from 'vitest';
import {
  OUTCOME_FIGURES_SCHEMA_VERSION,
  OutcomeFiguresSchema,
  type OutcomeFigures,
  type OutcomeFiguresInput,
} from '../../../src/model/outcome-figure.ts';
import { issuesFrom } from '../../../src/model/validation-issue.ts';

const stored: OutcomeFiguresInput = {
  schemaVersion: OUTCOME_FIGURES_SCHEMA_VERSION,
  figures: [
    {
      kind: 'count-change',
      id: 'cpp',
      label: 'Children on a Child Protection Plan',
      measureId: 'cpp-children',
      better: 'lower',
    },
    {
      kind: 'median-change',
      id: 'attendance',
      label: 'School attendance',
      measureId: 'attendance',
      better: 'higher',
      unit: 'percentage-points',
      filter: [{ measureId: 'attendance', at: 'referral', op: 'lt', value: 85 }],
      note: 'Family Action: "On median, school attendance increased by 19%"; points or percent is not said.',
    },
    { kind: 'prevalence', id: 'education', label: 'Problems related to education', measureId: 'education-problems' },
  ],
};

describe('stored figure definitions', () => {
  it('round-trip through JSON with their schemaVersion and defaults filled in', () => {
    const parsed: OutcomeFigures = OutcomeFiguresSchema.parse(stored);
    expect(parsed.figures[0]).toMatchObject({ from: 'referral', to: 'closure', filter: [] });
    expect(parsed.figures[2]).toMatchObject({ at: 'referral', has: { op: 'gt', value: 0 } });
    expect(OutcomeFiguresSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('name the field at fault: another schema version, a repeated id, a missing unit', () => {
    const result = OutcomeFiguresSchema.safeParse({
      schemaVersion: 2,
      figures: [stored.figures[0], stored.figures[0], { ...stored.figures[1], unit: undefined }],
    });
    expect(result.success).toBe(false);
    const issues = issuesFrom(result.error!);
    expect(issues.map((issue) => issue.path)).toEqual(['$.schemaVersion', '$.figures[2].unit']);
    const repeated = OutcomeFiguresSchema.safeParse({ ...stored, figures: [stored.figures[0], stored.figures[0]] });
    expect(issuesFrom(repeated.error!)).toEqual([
      { path: '$.figures[1].id', message: 'duplicate id "cpp" (also at figures.0)' },
    ]);
  });
});
