/**
 * Drafting a theory of change from the four example journeys: a stable, valid draft whose every
 * element points at real stages of real journeys, shared by the families it says, whatever order
 * the journeys come in, and with nothing a family said copied into it.
 */
import { describe, expect, it } from 'vitest';
import { consentAsFiled } from '../../../src/model/index.ts';
import {
  COST_EVENT_TYPES,
  costEventKind,
  familiesIn,
  TheoryOfChangeSchema,
  canonicalToc,
  type Evidence,
  type Journey,
  type TheoryOfChange,
} from '../../../src/model/index.ts';
import { draftToc, tocToJson, type DraftOptions } from '../../../src/toc/index.ts';
import { exampleJourneys } from '../../fixtures/example-journeys.ts';
import { prng } from '../../fixtures/prng.ts';

const examples: Journey[] = exampleJourneys();

const options = { id: 'examples-draft', title: 'Four families, drafted', draftedOn: '2016-11-01' };
const draft = (journeys: readonly Journey[] = examples, extra: Partial<DraftOptions> = {}) =>
  draftToc(journeys, { ...options, consentOf: consentAsFiled(journeys), ...extra });

/** Every element with evidence, named for failure messages. */
function elements(toc: TheoryOfChange): { name: string; evidence: Evidence[] }[] {
  return [
    ...toc.nodes.map((node) => ({ name: `node ${node.id}`, evidence: node.evidence })),
    ...toc.links.map((link) => ({ name: `link ${link.id}`, evidence: link.evidence })),
  ];
}

/** The families whose journeys have a factor of this kind with this code. */
function familiesWithFactor(kind: 'barrier' | 'enabler', code: string): number {
  return examples.filter((j) => j.factors.some((f) => f.kind === kind && f.codes.some((c) => c === code))).length;
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The same journey with every list (and set) in another order. */
function reordered(journey: Journey, next: () => number): Journey {
  return {
    ...journey,
    family: { ...journey.family, members: shuffled(journey.family.members, next) },
    stages: shuffled(journey.stages, next).map((stage) => ({
      ...stage,
      services: shuffled(stage.services, next),
      codes: shuffled(stage.codes, next),
    })),
    links: shuffled(journey.links, next),
    factors: shuffled(journey.factors, next).map((factor) => ({ ...factor, codes: shuffled(factor.codes, next) })),
    costEvents: shuffled(journey.costEvents, next),
    agencies: shuffled(journey.agencies, next),
    codes: shuffled(journey.codes, next),
  };
}

describe('draftToc on the example journeys', () => {
  const toc = draft();

  it('gives a stable draft: the JSON export, byte for byte (snapshot read and checked by hand)', async () => {
    await expect(tocToJson(toc)).toMatchFileSnapshot('./__snapshots__/drafted-examples.json');
  });

  it('is a valid theory of change, in canonical order, with its provenance', () => {
    expect(TheoryOfChangeSchema.parse(toc)).toEqual(toc);
    expect(canonicalToc(toc)).toEqual(toc);
    expect(toc.journeyIds).toEqual(examples.map((j) => j.id).sort());
    expect(toc.scaleId).toBe('stuck-to-independence');
    expect(toc.provenance).toEqual({ method: 'turning-points-draft-1', draftedOn: '2016-11-01', minFamilies: 2 });
  });

  it('has every kind of element the rules draft', () => {
    const kinds = new Set(toc.nodes.map((node) => node.kind));
    expect([...kinds].sort()).toEqual([
      'activity',
      'impact',
      'intermediate-outcome',
      'long-term-outcome',
      'precondition',
    ]);
    const ids = toc.nodes.map((node) => node.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'impact',
        'less-need-for-crisis-services',
        'lasting-progress',
        'barrier-school-attendance',
        'enabler-trusted-worker',
        'service-school',
        'fewer-police_callout',
        'level-1-to-2',
        'level-4-to-5',
      ]),
    );
    expect(toc.nodes.find((node) => node.id === 'fewer-police_callout')?.title).toBe('Fewer police call-outs');
    expect(toc.nodes.find((node) => node.id === 'enabler-trusted-worker')?.title).toBe(
      'A trusted key worker who keeps coming back',
    );
    expect(toc.links.map((link) => link.id)).toEqual(
      expect.arrayContaining([
        'enabler-trusted-worker--barrier-trusted-worker',
        'barrier-school-attendance--level-1-to-2',
        'level-1-to-2--level-2-to-3',
        'fewer-police_callout--less-need-for-crisis-services',
        'level-4-to-5--impact',
        'less-need-for-crisis-services--impact',
      ]),
    );
    expect(toc.assumptions.length).toBeGreaterThanOrEqual(1);
  });

  it('points every piece of evidence at a real stage, and at a real factor or cost event at that stage', () => {
    const byId = new Map(examples.map((j) => [j.id as string, j]));
    for (const { name, evidence } of elements(toc)) {
      for (const item of evidence) {
        const journey = byId.get(item.journeyId);
        expect(journey, name).toBeDefined();
        expect(toc.journeyIds, name).toContain(item.journeyId);
        expect(
          journey!.stages.some((s) => s.id === item.stageId),
          `${name} → ${item.stageId}`,
        ).toBe(true);
        if (item.factorId !== undefined) {
          const factor = journey!.factors.find((f) => f.id === item.factorId);
          expect(factor?.stageId, `${name} → ${item.factorId}`).toBe(item.stageId);
        }
        if (item.costEventId !== undefined) {
          const event = journey!.costEvents.find((e) => e.id === item.costEventId);
          expect(event?.stageId, `${name} → ${item.costEventId}`).toBe(item.stageId);
        }
        expect(item.quote, name).toBeUndefined();
      }
    }
  });

  it('gives every node and link at least one family, sorted by journey and then along the journey', () => {
    const rank = new Map(examples.flatMap((j) => j.stages.map((s) => [`${j.id}/${s.id}`, s.order] as const)));
    for (const { name, evidence } of elements(toc)) {
      expect(familiesIn(evidence), name).toBeGreaterThanOrEqual(1);
      const keys = evidence.map((e) => [e.journeyId, rank.get(`${e.journeyId}/${e.stageId}`)!] as const);
      const sorted = [...keys].sort(([a, m], [b, n]) => (a < b ? -1 : a > b ? 1 : m - n));
      expect(keys, name).toEqual(sorted);
    }
  });

  it('counts, for each barrier, enabler and cost outcome, exactly the families that share it', () => {
    for (const node of toc.nodes) {
      const [code] = node.codes;
      if (node.kind === 'precondition')
        expect(familiesIn(node.evidence), node.id).toBe(familiesWithFactor('barrier', code!));
      if (node.kind === 'activity' && code)
        expect(familiesIn(node.evidence), node.id).toBe(familiesWithFactor('enabler', code));
      if (node.kind === 'intermediate-outcome' && node.reduces.length === 1) {
        const type = node.reduces[0];
        expect(familiesIn(node.evidence), node.id).toBe(
          examples.filter((j) => j.costEvents.some((e) => e.type === type)).length,
        );
      }
    }
    expect(familiesIn(toc.nodes.find((n) => n.id === 'barrier-school-attendance')!.evidence)).toBe(4);
    expect(familiesIn(toc.nodes.find((n) => n.id === 'barrier-debt')!.evidence)).toBe(2);
  });

  it('gives each cost outcome and each step on the scale an indicator, with no counts or family words', () => {
    for (const node of toc.nodes.filter((n) => n.kind === 'intermediate-outcome')) {
      const indicator = toc.indicators.find((i) => i.nodeId === node.id);
      expect(indicator, node.id).toBeDefined();
      if (node.progress)
        expect(indicator).toMatchObject({ measure: 'ordinal', ascending: true, progressLevel: node.progress.to });
      else expect(indicator).toMatchObject({ measure: 'unit', ascending: false, costEventType: node.reduces[0] });
      const words = [indicator!.title, indicator!.population, indicator!.timeline, indicator!.threshold?.comment];
      for (const text of words) expect(text ?? '', indicator!.id).not.toMatch(/\b\d+ famil/);
    }
  });

  it('words every cost-event type as an outcome in the registry', () => {
    for (const type of COST_EVENT_TYPES) expect(costEventKind(type).outcome, type).toMatch(/^(Fewer|Less) /);
  });

  it('drafts every link at low confidence, with a rationale that names the pattern but no family or count', () => {
    for (const link of toc.links) {
      expect(link.confidence, link.id).toBe('low');
      expect(link.rationale, link.id).toMatch(/^Drafted: /);
      expect(link.rationale, link.id).not.toMatch(/\d/);
    }
  });

  it('gives the same draft whatever order the journeys, and the records inside them, come in', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = prng(seed);
      const journeys = shuffled(examples, next).map((j) => reordered(j, next));
      expect(draft(journeys), `seed ${seed}`).toEqual(toc);
    }
  });

  it('drops what recurs in fewer families when minFamilies is raised', () => {
    const strict = draft(examples, { minFamilies: 3 });
    expect(strict.provenance?.minFamilies).toBe(3);
    const ids = new Set<string>(strict.nodes.map((n) => n.id));
    expect(ids.has('barrier-debt')).toBe(false);
    expect(ids.has('fewer-child_protection_enquiry')).toBe(false);
    expect(ids.has('level-4-to-5')).toBe(false);
    expect(ids.has('barrier-school-attendance')).toBe(true);
    expect(ids.has('fewer-police_callout')).toBe(true);
    for (const { name, evidence } of elements(strict)) {
      if (name !== 'node impact') expect(familiesIn(evidence), name).toBeGreaterThanOrEqual(3);
    }
    for (const id of ids)
      expect(
        toc.nodes.some((n) => n.id === id),
        id,
      ).toBe(true);
  });

  it('leaves out a journey whose consent does not allow analysis, entirely', () => {
    const [withheld, ...others] = examples;
    const noAnalysis: Journey = {
      ...withheld!,
      consent: { ...withheld!.consent!, scopes: withheld!.consent!.scopes.filter((s) => s !== 'analysis') },
    };
    const result = draft([noAnalysis, ...others]);
    expect(result.journeyIds).not.toContain(withheld!.id);
    expect(JSON.stringify(result)).not.toContain(`"${withheld!.id}"`);
    expect(result).toEqual(draft(others));
    const withdrawn: Journey = { ...withheld!, consent: { ...withheld!.consent!, status: 'withdrawn' } };
    expect(draft([withdrawn, ...others])).toEqual(draft(others));
  });

  it('copies nothing a family said: no stage titles or words, factor text, link labels, notes or names', () => {
    const text = JSON.stringify(toc);
    for (const journey of examples) {
      const said = [
        journey.title,
        journey.summary,
        journey.family.pseudonym,
        ...journey.stages.flatMap((s) => [s.title, s.words, s.progress?.disagreement]),
        ...journey.factors.map((f) => f.text),
        ...journey.links.map((l) => l.label),
        ...journey.costEvents.map((e) => e.note),
      ].filter((s): s is string => typeof s === 'string' && s.trim().length > 0);
      for (const words of said) expect(text.includes(words), `${journey.id}: "${words}"`).toBe(false);
      for (const member of journey.family.members) {
        expect(text, `${journey.id}: ${member.pseudonym}`).not.toMatch(new RegExp(`\\b${member.pseudonym}\\b`));
      }
    }
  });
});
