import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fromJourney,
  fromToc,
  isTocDoc,
  readJourney,
  readToc,
  TOC_LIMITS,
  tocAsStored,
  tocMaps,
  writeToc,
} from '../../../src/doc/index.ts';
import { canonicalToc, TheoryOfChangeSchema, type TheoryOfChange } from '../../../src/model/index.ts';
import { exampleToc, exampleTocInput, EXAMPLE_JOURNEYS } from '../../convergence/toc-example.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

/** The example with what only exports fill in: family counts and the family's words. */
function withExportOnlyFields(toc: TheoryOfChange): TheoryOfChange {
  return {
    ...toc,
    nodes: toc.nodes.map((node) => ({
      ...node,
      families: node.evidence.length > 1 ? 'suppressed' : node.evidence.length,
      evidence: node.evidence.map((e) => ({ ...e, quote: 'words a family said' })),
    })),
    links: toc.links.map((link) => ({ ...link, families: 2 })),
  };
}

describe('theory of change ⇄ Y.Doc', () => {
  it('round-trips the example to its canonical form, directly and through an encoded update', () => {
    const toc = exampleToc();
    const doc = fromToc(toc);
    const direct = readToc(doc);
    expect(direct.quarantined).toEqual([]);
    expect(direct.docSchemaVersion).toBe(1);
    // The example's evidence is already in pointer order, so the stored form is canonicalToc's.
    expect(direct.toc).toStrictEqual(canonicalToc(toc));
    expect(TheoryOfChangeSchema.safeParse(direct.toc).success).toBe(true);

    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(readToc(replica)).toStrictEqual(direct);
  });

  it('never stores what exports fill in: family counts and quotes are stripped on write', () => {
    const doc = fromToc(withExportOnlyFields(exampleToc()));
    expect(readToc(doc).toc).toStrictEqual(canonicalToc(exampleToc()));
    expect(JSON.stringify(doc.toJSON())).not.toContain('words a family said');
    for (const collection of [tocMaps(doc).nodes, tocMaps(doc).links]) {
      collection.forEach((element) => expect((element as Y.Map<unknown>).has('families')).toBe(false));
    }
  });

  it('keeps evidence once per pointer, in pointer order, whatever order it was given in', () => {
    const input = exampleTocInput();
    const stable = input.nodes.find((n) => n.id === 'stable')!;
    stable.evidence = [...stable.evidence!].reverse();
    stable.evidence.push({ ...stable.evidence[0]! });
    const toc = TheoryOfChangeSchema.parse(input);
    const read = readToc(fromToc(toc)).toc;
    expect(read).toStrictEqual(tocAsStored(toc));
    expect(read.nodes.find((n) => n.id === 'stable')!.evidence.map((e) => e.journeyId)).toEqual([
      EXAMPLE_JOURNEYS.mother,
      EXAMPLE_JOURNEYS.swindon,
      EXAMPLE_JOURNEYS.isolated,
    ]);
  });

  it('writes nothing when a theory of change is written over itself or over its own read', () => {
    const doc = fromToc(exampleToc());
    const before = Y.encodeStateVector(doc);
    writeToc(doc, exampleToc());
    writeToc(doc, readToc(doc).toc);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('turns one theory of change into another in one transaction, editing text as a diff', () => {
    const doc = fromToc(exampleToc());
    const rationale = tocMaps(doc).links.get('visits-trust') as Y.Map<unknown>;
    const text = rationale.get('rationale') as Y.Text;
    const input = exampleTocInput();
    input.title = 'Renamed';
    input.nodes = input.nodes.filter((n) => n.id !== 'plan');
    input.links = input.links!.filter((l) => l.from !== 'plan' && l.to !== 'plan');
    input.links.find((l) => l.id === 'visits-trust')!.rationale = 'A worker who keeps coming back earns their trust.';
    input.assumptions = input.assumptions!.slice(0, 1);
    input.links.find((l) => l.id === 'trust-stable')!.assumptionIds = [];
    const next = TheoryOfChangeSchema.parse(input);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    writeToc(doc, next);
    expect(transactions).toBe(1);
    expect(readToc(doc).toc).toStrictEqual(tocAsStored(next));
    // The same Y.Text, edited in place: a concurrent edit elsewhere in it would survive.
    expect((tocMaps(doc).links.get('visits-trust') as Y.Map<unknown>).get('rationale')).toBe(text);
  });

  it('says what kind of document it is, and a journey is never read as a theory of change', () => {
    expect(isTocDoc(fromToc(exampleToc()))).toBe(true);
    const journeyDoc = fromJourney(smallJourney());
    expect(isTocDoc(journeyDoc)).toBe(false);
    const { toc, quarantined } = readToc(journeyDoc);
    expect(toc.nodes).toEqual([]);
    expect(quarantined.map((q) => q.id)).toEqual(['kind', 'id', 'title']);
    // …and the reverse: a theory of change read as a journey has no stages.
    expect(readJourney(fromToc(exampleToc())).journey.stages).toEqual([]);
  });

  it('reads an empty document without throwing', () => {
    const { toc, quarantined } = readToc(new Y.Doc());
    expect(toc.title).toBe('Untitled theory of change');
    expect(TheoryOfChangeSchema.safeParse(toc).success).toBe(true);
    expect(quarantined.every((q) => q.collection === 'meta')).toBe(true);
  });

  it('has the same caps as the schema', () => {
    const base = exampleTocInput();
    const over = (patch: object) => TheoryOfChangeSchema.safeParse({ ...base, ...patch }).success;
    const node = (i: number) => ({ id: `n${i}`, kind: 'activity' as const, title: 'x' });
    expect(
      over({ nodes: Array.from({ length: TOC_LIMITS.nodes }, (_, i) => node(i)), links: [], indicators: [] }),
    ).toBe(true);
    expect(
      over({ nodes: Array.from({ length: TOC_LIMITS.nodes + 1 }, (_, i) => node(i)), links: [], indicators: [] }),
    ).toBe(false);
    const evidence = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ journeyId: EXAMPLE_JOURNEYS.young, stageId: `s${i}` }));
    const withEvidence = (n: number) =>
      over({ nodes: [{ ...node(0), evidence: evidence(n) }], links: [], indicators: [] });
    expect(withEvidence(TOC_LIMITS.evidence)).toBe(true);
    expect(withEvidence(TOC_LIMITS.evidence + 1)).toBe(false);
    const text = (n: number) =>
      over({ nodes: [{ ...node(0), description: 'x'.repeat(n) }], links: [], indicators: [] });
    expect(text(TOC_LIMITS.longText)).toBe(true);
    expect(text(TOC_LIMITS.longText + 1)).toBe(false);
  });
});
