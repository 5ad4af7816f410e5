import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  issuesFrom,
  TheoryOfChangeSchema,
  type JourneyId,
  type StageId,
  type TheoryOfChangeInput,
} from '../../../src/model/index.ts';

const toc = (): TheoryOfChangeInput => ({
  schemaVersion: 1,
  id: 'intensive-family-support',
  title: 'Intensive family support',
  journeyIds: ['family-action-single-mother'],
  nodes: [
    { id: 'goal', kind: 'impact', title: 'The intergenerational cycle of disadvantage is halted' },
    {
      id: 'attendance',
      kind: 'intermediate-outcome',
      title: 'Improved school attendance, fewer exclusions',
      evidence: [{ journeyId: 'family-action-single-mother', stageId: 's12', quote: 'Chloe has been in every day' }],
      reduces: ['persistent_absence'],
    },
    { id: 'home-visits', kind: 'activity', title: 'Home-based support three to five times a week' },
  ],
  links: [
    {
      id: 'l1',
      from: 'home-visits',
      to: 'attendance',
      rationale: 'Routines at home get children to school',
      assumptionIds: ['a1'],
      confidence: 'medium',
    },
    { id: 'l2', from: 'attendance', to: 'goal' },
  ],
  indicators: [
    {
      id: 'i1',
      nodeId: 'attendance',
      title: 'School attendance over 90%',
      measure: 'percentage',
      target: { value: 90 },
    },
  ],
  assumptions: [{ id: 'a1', text: 'Schools take children back after exclusion', kind: 'contextual', risk: 'medium' }],
});

describe('TheoryOfChangeSchema', () => {
  it('accepts nodes, links, indicators, assumptions and evidence pointing at stages', () => {
    const parsed = TheoryOfChangeSchema.parse(toc());
    expect(parsed.assumptions[0]?.status).toBe('untested');
    expect(parsed.nodes[1]?.evidence[0]?.stageId).toBe('s12');
  });

  it('refuses links, indicators and assumptions that point at nothing', () => {
    const input = toc();
    input.links![1]!.to = 'nowhere';
    input.links![0]!.assumptionIds = ['a9'];
    input.indicators![0]!.nodeId = 'gone';
    const result = TheoryOfChangeSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(issuesFrom(result.error).map((i) => i.path)).toEqual([
        '$.links[0].assumptionIds[0]',
        '$.links[1].to',
        '$.indicators[0].nodeId',
      ]);
    }
  });

  it('refuses a second link between the same two nodes, naming the first', () => {
    const input = toc();
    const first = input.links![0]!;
    input.links!.push({ id: 'twice', from: first.from, to: first.to });
    const result = TheoryOfChangeSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(issuesFrom(result.error)).toEqual([
        {
          path: `$.links[${input.links!.length - 1}].to`,
          message: `node "${first.from}" already leads to "${first.to}" (link "${first.id}")`,
        },
      ]);
    }
  });
});

describe('branded ids (type contract)', () => {
  it('keeps ids of different kinds apart', () => {
    expectTypeOf<StageId>().not.toEqualTypeOf<JourneyId>();
    expectTypeOf<string>().not.toExtend<StageId>();
    expectTypeOf<StageId>().toExtend<string>();
  });
});
