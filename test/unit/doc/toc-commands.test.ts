import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEvidence,
  addTocLink,
  addTocNode,
  CommandError,
  fromJourney,
  fromToc,
  readToc,
  removeAssumption,
  removeEvidence,
  removeIndicator,
  removeTocLink,
  removeTocNode,
  setCeiling,
  setLinkAssumptions,
  setLinkConfidence,
  setLinkInterventions,
  setLinkRationale,
  typedTocText,
  setNodeDescription,
  setNodeReduces,
  setTocSummary,
  setTocTitle,
  tocMaps,
  updateTocNode,
  upsertAssumption,
  upsertIndicator,
  userOrigin,
} from '../../../src/doc/index.ts';
import {
  TheoryOfChangeSchema,
  type AssumptionId,
  type IndicatorId,
  type TheoryOfChange,
  type TocLinkId,
  type TocNodeId,
} from '../../../src/model/index.ts';
import { exampleToc, EXAMPLE_JOURNEYS } from '../../convergence/toc-example.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

const me = userOrigin('session-a');
const nid = (id: string) => id as TocNodeId;
const lid = (id: string) => id as TocLinkId;

function read(doc: Y.Doc): TheoryOfChange {
  const { toc, quarantined } = readToc(doc);
  expect(quarantined).toEqual([]);
  expect(TheoryOfChangeSchema.safeParse(toc).success).toBe(true);
  return toc;
}
const nodeOf = (doc: Y.Doc, id: string) => read(doc).nodes.find((n) => n.id === id);
const linkOf = (doc: Y.Doc, id: string) => read(doc).links.find((l) => l.id === id);

/** Run a command expected to be refused: nothing is written, and the refusal names field and reason. */
function refusal(doc: Y.Doc, run: () => unknown): { path: string; message: string }[] {
  const before = Y.encodeStateVector(doc);
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    return (error as CommandError).issues;
  }
  throw new Error('the command was not refused');
}

/** Every command writes in exactly one transaction, with the caller's origin. */
function transactionsOf(doc: Y.Doc, run: () => unknown): unknown[] {
  const origins: unknown[] = [];
  const listen = (transaction: Y.Transaction) => origins.push(transaction.origin);
  doc.on('afterTransaction', listen);
  run();
  doc.off('afterTransaction', listen);
  return origins;
}

describe('theory-of-change commands: the whole', () => {
  it('sets the title, summary and ceiling', () => {
    const doc = fromToc(exampleToc());
    expect(transactionsOf(doc, () => setTocTitle(doc, '  Safer at home  ', me))).toEqual([me]);
    setTocSummary(doc, 'Four families, one workshop.', me);
    setCeiling(doc, { highestAccountableKind: 'precondition', note: 'We answer for trust.' }, me);
    let toc = read(doc);
    expect(toc.title).toBe('Safer at home');
    expect(toc.summary).toBe('Four families, one workshop.');
    expect(toc.ceiling).toEqual({ highestAccountableKind: 'precondition', note: 'We answer for trust.' });
    setTocSummary(doc, '   ', me);
    toc = read(doc);
    expect(toc.summary).toBeUndefined();
  });

  it('refuses a blank title, a wrong ceiling, and any edit of a document that is not a theory of change', () => {
    const doc = fromToc(exampleToc());
    expect(refusal(doc, () => setTocTitle(doc, '  ', me))).toEqual([
      { path: '$.title', message: 'Too small: expected string to have >=1 characters' },
    ]);
    expect(refusal(doc, () => setCeiling(doc, { highestAccountableKind: 'everything' as 'impact' }, me))[0]!.path).toBe(
      '$.ceiling.highestAccountableKind',
    );
    const journey = fromJourney(smallJourney());
    expect(refusal(journey, () => addTocNode(journey, { kind: 'output', title: 'x' }, me))).toEqual([
      { path: '$', message: 'this document is not a theory of change' },
    ]);
  });
});

describe('theory-of-change commands: nodes', () => {
  it('adds a node with a fresh id, and updates only the fields a patch names', () => {
    const doc = fromToc(exampleToc());
    const id = addTocNode(doc, { kind: 'output', title: 'Families have a plan', position: { x: 1, y: 2 } }, me);
    expect(id).toMatch(/^tn_/);
    expect(nodeOf(doc, id)).toEqual({
      id,
      kind: 'output',
      title: 'Families have a plan',
      position: { x: 1, y: 2 },
      evidence: [],
      reduces: [],
      codes: [],
    });
    updateTocNode(doc, nid('plan'), { title: 'A plan the family wrote', kind: undefined }, me);
    expect(nodeOf(doc, 'plan')!.kind).toBe('output');
    expect(nodeOf(doc, 'plan')!.codes).toEqual(['family', 'plan']);
    updateTocNode(
      doc,
      nid('plan'),
      {
        kind: 'precondition',
        progress: { scaleId: 'stuck-to-independence', to: 2 },
        position: { x: 5, y: 5 },
        codes: [],
      },
      me,
    );
    expect(nodeOf(doc, 'plan')).toMatchObject({
      kind: 'precondition',
      progress: { to: 2 },
      position: { x: 5, y: 5 },
      codes: [],
    });
    updateTocNode(doc, nid('plan'), { progress: null, position: null }, me);
    expect(nodeOf(doc, 'plan')!.progress).toBeUndefined();
    expect(nodeOf(doc, 'plan')!.position).toBeUndefined();
  });

  it('refuses a bad kind, a taken id and a missing node, naming the field', () => {
    const doc = fromToc(exampleToc());
    expect(refusal(doc, () => addTocNode(doc, { kind: 'wish' as 'output', title: 'x' }, me))[0]!.path).toBe('$.kind');
    expect(refusal(doc, () => addTocNode(doc, { id: 'plan', kind: 'output', title: 'x' }, me))).toEqual([
      { path: '$.id', message: 'node "plan" already exists' },
    ]);
    expect(refusal(doc, () => updateTocNode(doc, nid('ghost'), { title: 'x' }, me))).toEqual([
      { path: '$.id', message: 'node "ghost" does not exist' },
    ]);
    expect(refusal(doc, () => updateTocNode(doc, nid('plan'), { position: { x: Infinity, y: 0 } }, me))[0]!.path).toBe(
      '$.position.x',
    );
    expect(refusal(doc, () => setNodeReduces(doc, nid('plan'), ['nothing' as 'arrest'], me))[0]!.path).toBe(
      '$.reduces[0]',
    );
  });

  it('edits a description as a diff, and blank text removes it', () => {
    const doc = fromToc(exampleToc());
    const text = (tocMaps(doc).nodes.get('visits') as Y.Map<unknown>).get('description') as Y.Text;
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    setNodeDescription(doc, nid('visits'), 'The same worker, at home, every week, for as long as it takes.', me);
    expect(deltas).toEqual([[{ retain: 26 }, { insert: 'every week, ' }]]);
    expect(nodeOf(doc, 'visits')!.description).toBe('The same worker, at home, every week, for as long as it takes.');
    setNodeDescription(doc, nid('visits'), '', me);
    expect(nodeOf(doc, 'visits')!.description).toBeUndefined();
    expect(refusal(doc, () => setNodeDescription(doc, nid('visits'), 'x'.repeat(2001), me))).toEqual([
      { path: '$.description', message: 'Too big: expected string to have <=2000 characters' },
    ]);
  });

  it('sets what an outcome reduces', () => {
    const doc = fromToc(exampleToc());
    setNodeReduces(doc, nid('stable'), ['homelessness', 'police_callout'], me);
    expect(nodeOf(doc, 'stable')!.reduces).toEqual(['homelessness', 'police_callout']);
  });

  it('removes a node with its links and its indicators, in one transaction', () => {
    const doc = fromToc(exampleToc());
    expect(transactionsOf(doc, () => removeTocNode(doc, nid('stable'), me))).toEqual([me]);
    const toc = read(doc);
    expect(toc.nodes.map((n) => n.id)).not.toContain('stable');
    expect(toc.links.map((l) => l.id).sort()).toEqual(['school-thrive', 'visits-plan', 'visits-trust']);
    expect(toc.indicators.map((i) => i.id)).toEqual(['level']);
    expect(refusal(doc, () => removeTocNode(doc, nid('stable'), me))).toEqual([
      { path: '$.id', message: 'node "stable" does not exist' },
    ]);
  });
});

describe('theory-of-change commands: links', () => {
  it('adds a link, and refuses self-links, missing nodes and a second link between the same two', () => {
    const doc = fromToc(exampleToc());
    const id = addTocLink(doc, { from: 'trust', to: 'school' }, me);
    expect(linkOf(doc, id)).toEqual({
      id,
      from: 'trust',
      to: 'school',
      interventions: [],
      assumptionIds: [],
      evidence: [],
    });
    expect(refusal(doc, () => addTocLink(doc, { from: 'trust', to: 'trust' }, me))).toEqual([
      { path: '$.to', message: 'a node cannot lead to itself' },
    ]);
    expect(refusal(doc, () => addTocLink(doc, { from: 'ghost', to: 'trust' }, me))).toEqual([
      { path: '$.from', message: 'node "ghost" does not exist' },
    ]);
    expect(refusal(doc, () => addTocLink(doc, { from: 'visits', to: 'trust' }, me))).toEqual([
      { path: '$.to', message: 'node "visits" already leads to "trust" (link "visits-trust")' },
    ]);
    // The other way round is a different step.
    expect(addTocLink(doc, { from: 'trust', to: 'visits' }, me)).toMatch(/^tl_/);
  });

  it('sets rationale (as a diff), interventions, confidence and assumptions', () => {
    const doc = fromToc(exampleToc());
    setLinkRationale(doc, lid('visits-plan'), 'Visits give time to plan.', me);
    setLinkInterventions(doc, lid('visits-plan'), ['  Plan at the kitchen table  '], me);
    setLinkConfidence(doc, lid('visits-plan'), 'medium', me);
    setLinkAssumptions(doc, lid('visits-plan'), ['housing' as AssumptionId, 'same-worker' as AssumptionId], me);
    expect(linkOf(doc, 'visits-plan')).toMatchObject({
      rationale: 'Visits give time to plan.',
      interventions: ['Plan at the kitchen table'],
      confidence: 'medium',
      assumptionIds: ['housing', 'same-worker'],
    });
    setLinkConfidence(doc, lid('visits-plan'), null, me);
    expect(linkOf(doc, 'visits-plan')!.confidence).toBeUndefined();
  });

  it('keeps the text as typed for the box that mirrors it, while the read trims it', () => {
    const doc = fromToc(exampleToc());
    setLinkRationale(doc, lid('visits-plan'), 'Visits give time ', me);
    expect(typedTocText(doc, { linkId: 'visits-plan', field: 'rationale' })).toBe('Visits give time ');
    expect(linkOf(doc, 'visits-plan')!.rationale).toBe('Visits give time');
    expect(typedTocText(doc, { linkId: 'ghost', field: 'rationale' })).toBe('');
  });

  it('refuses bad link edits, naming the field', () => {
    const doc = fromToc(exampleToc());
    expect(refusal(doc, () => setLinkRationale(doc, lid('ghost'), 'x', me))).toEqual([
      { path: '$.id', message: 'link "ghost" does not exist' },
    ]);
    expect(refusal(doc, () => setLinkInterventions(doc, lid('visits-plan'), ['ok', ' '], me))[0]!.path).toBe(
      '$.interventions[1]',
    );
    expect(refusal(doc, () => setLinkConfidence(doc, lid('visits-plan'), 'sure' as 'low', me))[0]!.path).toBe(
      '$.confidence',
    );
    expect(refusal(doc, () => setLinkAssumptions(doc, lid('visits-plan'), ['nope' as AssumptionId], me))).toEqual([
      { path: '$.assumptionIds[0]', message: 'assumption "nope" does not exist' },
    ]);
  });

  it('removes a link', () => {
    const doc = fromToc(exampleToc());
    removeTocLink(doc, lid('visits-plan'), me);
    expect(linkOf(doc, 'visits-plan')).toBeUndefined();
    expect(refusal(doc, () => removeTocLink(doc, lid('visits-plan'), me))[0]!.message).toBe(
      'link "visits-plan" does not exist',
    );
  });
});

describe('theory-of-change commands: evidence', () => {
  const cite = { journeyId: EXAMPLE_JOURNEYS.swindon, stageId: 's02-tyler-in-trouble' };

  it('cites and uncites on a node or a link; citing twice is one citation', () => {
    const doc = fromToc(exampleToc());
    addEvidence(doc, { nodeId: nid('trust') }, cite, me);
    addEvidence(doc, { nodeId: nid('trust') }, cite, me);
    addEvidence(doc, { linkId: lid('plan-stable') }, { ...cite, factorId: 'f9' }, me);
    expect(nodeOf(doc, 'trust')!.evidence).toEqual([cite]);
    expect(linkOf(doc, 'plan-stable')!.evidence).toEqual([{ ...cite, factorId: 'f9' }]);
    removeEvidence(doc, { nodeId: nid('trust') }, cite, me);
    expect(nodeOf(doc, 'trust')!.evidence).toEqual([]);
  });

  it('refuses a quote, a journey the theory of change does not draw on, a missing target or citation', () => {
    const doc = fromToc(exampleToc());
    expect(refusal(doc, () => addEvidence(doc, { nodeId: nid('trust') }, { ...cite, quote: 'words' }, me))).toEqual([
      { path: '$.quote', message: 'is filled in by exports from the journey and never stored' },
    ]);
    expect(
      refusal(doc, () => addEvidence(doc, { nodeId: nid('trust') }, { journeyId: 'elsewhere', stageId: 's1' }, me)),
    ).toEqual([{ path: '$.journeyId', message: 'journey "elsewhere" is not one this theory of change draws on' }]);
    expect(refusal(doc, () => addEvidence(doc, { linkId: lid('ghost') }, cite, me))).toEqual([
      { path: '$.linkId', message: 'link "ghost" does not exist' },
    ]);
    expect(
      refusal(doc, () => addEvidence(doc, { nodeId: nid('trust') }, { journeyId: 'x', stageId: '' }, me))[0]!.path,
    ).toBe('$.stageId');
    expect(refusal(doc, () => removeEvidence(doc, { nodeId: nid('trust') }, cite, me))).toEqual([
      { path: '$', message: `evidence "${EXAMPLE_JOURNEYS.swindon}/s02-tyler-in-trouble//" is not cited there` },
    ]);
  });
});

describe('theory-of-change commands: indicators and assumptions', () => {
  it('adds, replaces and removes an indicator', () => {
    const doc = fromToc(exampleToc());
    const id = upsertIndicator(doc, { nodeId: 'school', title: 'Days in school', measure: 'percentage' }, me);
    expect(id).toMatch(/^ti_/);
    upsertIndicator(doc, { id, nodeId: 'school', title: 'Days in school a term', measure: 'percentage' }, me);
    expect(read(doc).indicators.find((i) => i.id === id)).toEqual({
      id,
      nodeId: 'school',
      title: 'Days in school a term',
      measure: 'percentage',
      ascending: true,
      periods: [],
    });
    removeIndicator(doc, id, me);
    expect(read(doc).indicators.map((i) => i.id)).toEqual(['callouts', 'level']);
    expect(refusal(doc, () => removeIndicator(doc, id, me))).toEqual([
      { path: '$.id', message: `indicator "${id}" does not exist` },
    ]);
  });

  it('refuses an indicator for a missing node or with a bad period', () => {
    const doc = fromToc(exampleToc());
    expect(refusal(doc, () => upsertIndicator(doc, { nodeId: 'ghost', title: 'x', measure: 'unit' }, me))).toEqual([
      { path: '$.nodeId', message: 'node "ghost" does not exist' },
    ]);
    const period = { start: '2025-12-01', end: '2025-01-01' };
    expect(
      refusal(doc, () => upsertIndicator(doc, { nodeId: 'trust', title: 'x', measure: 'unit', periods: [period] }, me)),
    ).toEqual([{ path: '$.periods[0].end', message: 'must not end before it starts' }]);
    expect(refusal(doc, () => removeIndicator(doc, 'ghost' as IndicatorId, me))[0]!.path).toBe('$.id');
  });

  it('adds and replaces an assumption; removing one takes it off every link in the same transaction', () => {
    const doc = fromToc(exampleToc());
    const id = upsertAssumption(doc, { text: 'Schools will take them back', kind: 'contextual', risk: 'low' }, me);
    upsertAssumption(doc, { id, text: 'Schools will take them back', kind: 'contextual', risk: 'high' }, me);
    expect(read(doc).assumptions.find((a) => a.id === id)).toMatchObject({ risk: 'high', status: 'untested' });
    setLinkAssumptions(doc, lid('stable-school'), [id, 'housing' as AssumptionId], me);
    expect(transactionsOf(doc, () => removeAssumption(doc, 'housing' as AssumptionId, me))).toEqual([me]);
    const toc = read(doc);
    expect(toc.assumptions.map((a) => a.id)).not.toContain('housing');
    expect(toc.links.find((l) => l.id === 'stable-school')!.assumptionIds).toEqual([id]);
    expect(toc.links.find((l) => l.id === 'trust-stable')!.assumptionIds).toEqual([]);
    expect(
      refusal(doc, () => upsertAssumption(doc, { text: 'x', kind: 'magic' as 'causal', risk: 'low' }, me))[0]!.path,
    ).toBe('$.kind');
    expect(refusal(doc, () => removeAssumption(doc, 'housing' as AssumptionId, me))).toEqual([
      { path: '$.id', message: 'assumption "housing" does not exist' },
    ]);
  });
});
