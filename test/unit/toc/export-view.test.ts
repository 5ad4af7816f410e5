/**
 * The export view: families counted, quotes filled only where consent allows, small counts
 * suppressed with their evidence, and nothing a family did not agree to share in any format.
 */
import { describe, expect, it } from 'vitest';
import { consentAsFiled } from '../../../src/model/index.ts';
import {
  allows,
  consentInFile,
  TheoryOfChangeSchema,
  type Journey,
  type TheoryOfChange,
  type TocNode,
} from '../../../src/model/index.ts';
import { EXPORT_DOCUMENTS, exportView, tocToMarkdown, withheldTitle } from '../../../src/toc/index.ts';
import { exampleJourneys, FA, LIFE, SLFI, SLFY, smallToc } from '../../fixtures/small-toc.ts';

const journeys = exampleJourneys();
const journey = (id: string) => journeys.find((j) => j.id === id)!;
const node = (toc: TheoryOfChange, id: string): TocNode => toc.nodes.find((n) => n.id === id)!;
const evaluator = (minFamilies = 3, given: Journey[] = journeys) =>
  exportView(smallToc(), given, { audience: 'evaluator', minFamilies, consentOf: consentAsFiled(given) });
const team = (given: Journey[] = journeys) =>
  exportView(smallToc(), given, { audience: 'team', minFamilies: 3, consentOf: consentAsFiled(given) });

/** Every export, as one text per document (a CSV table each), of a view. */
function allFormats(view: TheoryOfChange, minFamilies = 3): Record<string, string> {
  return Object.fromEntries(EXPORT_DOCUMENTS.map(({ id, render }) => [id, render(view, { minFamilies })]));
}

/** Each format's text with its own escaping undone, enough to find a sentence in it. */
function plain(text: string): string {
  return text
    .replace(/\\n/g, ' ')
    .replace(/\\(.)/g, '$1')
    .replace(/#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/<br>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/""/g, '"')
    .replace(/\s+/g, ' ');
}

/** Free text of a journey: stage titles and words, enablers and barriers. */
const freeText = (j: Journey) =>
  [...j.stages.flatMap((stage) => [stage.title, stage.words]), ...j.factors.map((factor) => factor.text)].filter(
    (text) => text.trim().length > 0,
  );

describe('exportView', () => {
  it('fixture: two journeys share their words, two do not, all four allow analysis', () => {
    expect(
      journeys.map((j) => [
        j.id,
        allows(consentInFile(j.consent), 'share-words'),
        allows(consentInFile(j.consent), 'analysis'),
      ]),
    ).toEqual([
      [FA, false, true],
      [LIFE, true, true],
      [SLFY, true, true],
      [SLFI, false, true],
    ]);
  });

  it('team: every count, and every quote, from the enabler or barrier or else the stage’s words', () => {
    const view = team();
    expect(TheoryOfChangeSchema.safeParse(view).success).toBe(true);
    expect(node(view, 'trusts-worker').families).toBe(4);
    expect(node(view, 'thriving-families').families).toBe(2);
    expect(node(view, 'plan-together').families).toBe(1);
    expect(view.links.find((l) => l.id === 'l7')?.families).toBe(0);
    const trust = node(view, 'trusts-worker').evidence;
    expect(trust.map((e) => e.quote)).toEqual([
      journey(LIFE).factors.find((f) => f.id === 'f07-didnt-give-up')!.text,
      journey(SLFY).factors.find((f) => f.id === 'f07')!.text,
      journey(SLFI).factors.find((f) => f.id === 'g11')!.text,
      journey(FA).factors.find((f) => f.id === 'f10-turned-up')!.text,
    ]);
    // No factor: the stage's words (here the stage behind a cost event).
    expect(node(view, 'fewer-crises').evidence[0]?.quote).toBe(
      journey(FA)
        .stages.find((s) => s.id === 's13-jordan-arrested-again')!
        .words.trim(),
    );
    for (const n of view.nodes) for (const e of n.evidence) expect(e.quote).toBeTruthy();
  });

  it('team: a stage with no words gives no quote, rather than an empty one', () => {
    const silent = journeys.map((j) =>
      j.id === FA ? { ...j, stages: j.stages.map((s) => ({ ...s, words: '   ' })) } : j,
    );
    const view = team(silent);
    expect(TheoryOfChangeSchema.safeParse(view).success).toBe(true);
    const fromStage = node(view, 'in-school').evidence.find((e) => e.journeyId === FA)!;
    expect(fromStage).toEqual({ journeyId: FA, stageId: 's14-in-school-every-day' });
  });

  it('evaluator: quotes only from families whose consent allows sharing their words', () => {
    const view = evaluator(1);
    expect(TheoryOfChangeSchema.safeParse(view).success).toBe(true);
    const evidence = view.nodes.flatMap((n) => n.evidence);
    expect(evidence.length).toBeGreaterThan(10);
    for (const e of evidence) {
      if (e.journeyId === LIFE || e.journeyId === SLFY) expect(e.quote, e.stageId).toBeTruthy();
      else expect(e).not.toHaveProperty('quote');
    }
  });

  it('evaluator: counts below the threshold are suppressed, and so is the evidence that would give them away', () => {
    const view = evaluator(3);
    expect(TheoryOfChangeSchema.safeParse(view).success).toBe(true);
    expect(node(view, 'trusts-worker')).toMatchObject({ families: 4 });
    expect(node(view, 'trusts-worker').evidence).toHaveLength(4);
    for (const id of ['thriving-families', 'money-under-control', 'plan-together', 'family-says-yes', 'go-with-them']) {
      expect(node(view, id)).toMatchObject({ families: 'suppressed', evidence: [] });
    }
    const l1 = view.links.find((l) => l.id === 'l1')!;
    expect(l1.families).toBe(3);
    for (const link of view.links.filter((l) => l.id !== 'l1')) {
      expect(link).toMatchObject({ families: 'suppressed', evidence: [] });
    }
    // The threshold is the rule, not the fixture: with 5, nothing here is shown.
    for (const n of evaluator(5).nodes) expect(n).toMatchObject({ families: 'suppressed', evidence: [] });
  });

  it('evaluator: a journey whose consent does not allow analysis, or that is gone, leaves no trace', () => {
    const noAnalysis = journeys.map((j) =>
      j.id === SLFI ? { ...j, consent: { ...j.consent!, scopes: ['mapping' as const, 'share-words' as const] } } : j,
    );
    const view = evaluator(1, noAnalysis);
    expect(TheoryOfChangeSchema.safeParse(view).success).toBe(true);
    expect(view.journeyIds).not.toContain(SLFI);
    expect(JSON.stringify(view)).not.toContain(SLFI);
    expect(node(view, 'trusts-worker').families).toBe(3);
    // Nor does the team's view count it: analysis is what a theory of change is.
    expect(team(noAnalysis).journeyIds).not.toContain(SLFI);
    expect(node(team(noAnalysis), 'trusts-worker').families).toBe(3);

    const erased = journeys.filter((j) => j.id !== LIFE);
    for (const v of [evaluator(1, erased), team(erased)]) {
      expect(TheoryOfChangeSchema.safeParse(v).success).toBe(true);
      expect(JSON.stringify(v)).not.toContain(LIFE);
      expect(node(v, 'trusts-worker').families).toBe(3);
    }
  });

  it('never trusts a quote already on the evidence', () => {
    const toc = smallToc();
    const planted = {
      ...toc,
      nodes: toc.nodes.map((n) => ({ ...n, evidence: n.evidence.map((e) => ({ ...e, quote: 'planted words' })) })),
    };
    const view = exportView(planted, journeys, {
      audience: 'evaluator',
      minFamilies: 1,
      consentOf: consentAsFiled(journeys),
    });
    expect(JSON.stringify(view)).not.toContain('planted words');
  });

  describe.each([1, 3])('in every format (threshold %i)', (minFamilies) => {
    const evaluatorFormats = allFormats(evaluator(minFamilies), minFamilies);
    const teamFormats = allFormats(team(), minFamilies);

    it('evaluators never see the words of families who did not agree to share them, nor any stage title', () => {
      const secret = [
        ...journeys.filter((j) => !allows(consentInFile(j.consent), 'share-words')).flatMap(freeText),
        ...journeys.flatMap((j) => j.stages.map((s) => s.title)),
      ];
      expect(secret.length).toBeGreaterThan(100);
      for (const [format, text] of Object.entries(evaluatorFormats)) {
        const readable = plain(text);
        for (const words of secret) expect(readable, `${format} leaks "${words}"`).not.toContain(plain(words).trim());
      }
    });

    it('nobody sees stage titles: a quote is the family’s words, never the map’s headline', () => {
      const titles = journeys.flatMap((j) => j.stages.map((s) => s.title));
      for (const [format, text] of Object.entries(teamFormats)) {
        for (const title of titles) expect(plain(text), `${format}: "${title}"`).not.toContain(title);
      }
    });

    it('the shared words do appear, for evaluators and the team; the private ones for the team only', () => {
      const shared = journey(LIFE).factors.find((f) => f.id === 'f07-didnt-give-up')!.text;
      const private_ = journey(FA).factors.find((f) => f.id === 'f10-turned-up')!.text;
      for (const format of ['json', 'md']) {
        expect(plain(evaluatorFormats[format]!)).toContain(shared);
        expect(plain(teamFormats[format]!)).toContain(shared);
        expect(plain(teamFormats[format]!)).toContain(private_);
        expect(plain(evaluatorFormats[format]!)).not.toContain(private_);
      }
    });
  });

  it('suppressed counts read as suppressed in every format', () => {
    const view = evaluator(3);
    const formats = allFormats(view, 3);
    const nodes = view.nodes.filter((n) => n.families === 'suppressed').length;
    const links = view.links.filter((l) => l.families === 'suppressed').length;
    expect(nodes).toBeGreaterThan(0);
    const count = (text: string, phrase: string) => text.split(phrase).length - 1;
    expect(count(formats.json!, '"families": "suppressed"')).toBe(nodes + links);
    expect(count(formats.md!, '**Families:** fewer than 3 families')).toBe(nodes + links);
    // A withheld step says so in its title too.
    const withheld = view.nodes.filter((n) => n.title === withheldTitle(3)).length;
    expect(withheld).toBeGreaterThan(0);
    expect(count(plain(formats.mermaid!), 'fewer than 3 families')).toBe(nodes + withheld);
    expect(count(plain(formats.dot!), 'fewer than 3 families')).toBe(nodes + withheld);
    expect(count(formats['csv-links']!, ',suppressed\r\n')).toBe(links);
    // Without the threshold, the narrative still says the count was withheld.
    expect(tocToMarkdown(view)).toContain('**Families:** too few families to report');
  });
});
