/** The families' words behind a step, resolved from the sources endpoint as each person may see them. */
import { describe, expect, it } from 'vitest';
import { consentAsFiled } from '../../src/model/index.ts';
import { EvidenceSchema } from '../../src/model/index.ts';
import { tocSources } from '../../site/lib/toc-sources.ts';
import {
  factorChoice,
  resolveEvidence,
  SourcesSchema,
  stageChoice,
  WITHHELD,
} from '../../site/islands/toc/evidence.ts';
import { exampleJourneys, FA, LIFE, smallToc } from '../fixtures/small-toc.ts';

const journeys = exampleJourneys();
const cite = (journeyId: string, stageId: string, factorId?: string) =>
  EvidenceSchema.parse({ journeyId, stageId, ...(factorId ? { factorId } : {}) });
const team = tocSources(journeys, true, consentAsFiled(journeys));
const invited = tocSources(journeys, false, consentAsFiled(journeys));
const life = journeys.find((j) => j.id === LIFE)!;
const fa = journeys.find((j) => j.id === FA)!;

describe('resolveEvidence', () => {
  it('gives the family, the stage and the words of the enabler cited there', () => {
    const view = resolveEvidence(cite(LIFE, 's07-they-kept-coming-back', 'f07-didnt-give-up'), invited);
    const factor = life.factors.find((f) => f.id === 'f07-didnt-give-up')!;
    const index = [...life.stages]
      .sort((a, b) => a.order - b.order)
      .findIndex((s) => s.id === 's07-they-kept-coming-back');
    expect(view).toMatchObject({
      family: life.family.pseudonym,
      stage: `Stage ${index + 1}: ${life.stages.find((s) => s.id === 's07-they-kept-coming-back')!.title}`,
      what: factor.kind === 'enabler' ? 'What helped' : 'What got in the way',
      words: factor.text,
    });
    expect(view.note).toBeUndefined();
  });

  it('gives the stage’s own words when no enabler or barrier is cited', () => {
    const stage = life.stages.find((s) => s.words)!;
    expect(resolveEvidence(cite(LIFE, stage.id), invited).words).toBe(stage.words);
  });

  it('says a family did not agree to share its words, to people outside the team, and shows none of them', () => {
    const stage = fa.stages.find((s) => s.words)!;
    const evidence = cite(FA, stage.id);
    const outside = resolveEvidence(evidence, invited);
    expect(outside.note).toBe(WITHHELD);
    expect(outside.words).toBeUndefined();
    expect(outside.family).toBe(fa.family.pseudonym);
    expect(JSON.stringify(outside)).not.toContain(stage.title);
    expect(resolveEvidence(evidence, team).words).toBe(stage.words);
  });

  it('says so when the journey or the stage is gone, instead of failing', () => {
    expect(resolveEvidence(cite('erased', 's1'), team).note).toMatch(/no longer available/);
    expect(resolveEvidence(cite(LIFE, 'gone'), team).note).toMatch(/no longer in the journey/);
  });

  it('resolves every piece of evidence in the small theory of change', () => {
    const toc = smallToc();
    for (const item of [...toc.nodes, ...toc.links].flatMap((e) => e.evidence)) {
      const view = resolveEvidence(item, invited);
      expect(view.family).not.toBe('A family');
      expect(view.words !== undefined || view.note !== undefined).toBe(true);
    }
  });
});

describe('pickers', () => {
  it('name stages and factors by their words only where shared', () => {
    const shared = invited.find((j) => j.id === LIFE)!;
    const hidden = invited.find((j) => j.id === FA)!;
    expect(stageChoice(shared, 0)).toBe(`Stage 1: ${shared.stages[0]!.title}`);
    expect(stageChoice(hidden, 0)).toBe('Stage 1');
    const factor = hidden.factors[0]!;
    expect(factorChoice(factor, 1)).toMatch(/^What (helped|got in the way) \(2\)$/);
  });
});

describe('SourcesSchema', () => {
  it('accepts what the endpoint sends and refuses anything else', () => {
    expect(SourcesSchema.parse(JSON.parse(JSON.stringify(team)))).toEqual(team);
    expect(SourcesSchema.safeParse([{ id: 'x' }]).success).toBe(false);
    expect(SourcesSchema.safeParse({ error: 'no' }).success).toBe(false);
  });
});
