import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fromToc,
  readToc,
  REMOTE_ORIGIN,
  TOC_LIMITS,
  tocMaps,
  type QuarantinedRecord,
} from '../../../src/doc/index.ts';
import { TheoryOfChangeSchema } from '../../../src/model/index.ts';
import { exampleToc, EXAMPLE_JOURNEYS } from '../../convergence/toc-example.ts';

const summary = (quarantined: QuarantinedRecord[]) =>
  quarantined.map((q) => `${q.collection}/${q.id}/${q.action}`).sort();

const mapAt = (collection: Y.Map<unknown>, id: string) => collection.get(id) as Y.Map<unknown>;

function expectValid(doc: Y.Doc) {
  const read = readToc(doc);
  const parsed = TheoryOfChangeSchema.safeParse(read.toc);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return read;
}

describe('readToc quarantines what a peer wrote wrongly, and keeps the rest', () => {
  it('drops elements of the wrong type or with no usable kind, title or ends', () => {
    const doc = fromToc(exampleToc());
    const maps = tocMaps(doc);
    doc.transact(() => {
      maps.nodes.set('not-a-map', 'a string');
      const noKind = new Y.Map();
      noKind.set('kind', 'wish');
      noKind.set('title', 'A wish');
      maps.nodes.set('no-kind', noKind);
      const badId = new Y.Map();
      badId.set('kind', 'output');
      badId.set('title', 'Bad id');
      maps.nodes.set('bad id!', badId);
      maps.links.set('plain-link', { from: 'visits', to: 'trust' });
      const ghost = new Y.Map();
      ghost.set('from', 'visits');
      ghost.set('to', 'ghost');
      maps.links.set('to-ghost', ghost);
      const self = new Y.Map();
      self.set('from', 'trust');
      self.set('to', 'trust');
      maps.links.set('self', self);
      maps.indicators.set('no-node', { nodeId: 'ghost', title: 'Nothing', measure: 'unit' });
      maps.indicators.set('wrong-measure', { nodeId: 'trust', title: 'x', measure: 'vibes' });
      maps.assumptions.set('bad-risk', { text: 'x', kind: 'causal', risk: 'extreme' });
    });
    const { toc, quarantined } = expectValid(doc);
    expect(toc.nodes.map((n) => n.id).sort()).toEqual(
      exampleToc()
        .nodes.map((n) => n.id)
        .sort(),
    );
    expect(toc.links).toHaveLength(exampleToc().links.length);
    expect(summary(quarantined)).toEqual([
      'assumptions/bad-risk/dropped',
      'indicators/no-node/dropped',
      'indicators/wrong-measure/dropped',
      'links/plain-link/dropped',
      'links/self/dropped',
      'links/to-ghost/dropped',
      'nodes/bad id!/dropped',
      'nodes/no-kind/dropped',
      'nodes/not-a-map/dropped',
    ]);
    const ghostIssue = quarantined.find((q) => q.id === 'to-ghost')!.issues;
    expect(ghostIssue).toEqual([{ path: '$.to', message: 'node "ghost" no longer exists' }]);
  });

  it('repairs broken optional fields field by field, keeping the element', () => {
    const doc = fromToc(exampleToc());
    const maps = tocMaps(doc);
    const stable = mapAt(maps.nodes, 'stable');
    const link = mapAt(maps.links, 'visits-trust');
    doc.transact(() => {
      stable.set('progress', { scaleId: 'stuck-to-independence', from: 4, to: 2 });
      stable.set('position', { x: 'left', y: 0 });
      stable.set('codes', ['ok-code', 'bad code', 'ok-code']);
      (stable.get('reduces') as Y.Map<unknown>).set('not_a_cost_type', true);
      link.set('confidence', 'certain');
      link.set('interventions', ['Go with them to the GP', '', 42]);
      (link.get('assumptionIds') as Y.Map<unknown>).set('never-written', true);
    });
    const { toc, quarantined } = expectValid(doc);
    const node = toc.nodes.find((n) => n.id === 'stable')!;
    expect(node.progress).toBeUndefined();
    expect(node.position).toBeUndefined();
    expect(node.codes).toEqual(['ok-code']);
    expect(node.reduces).toEqual(['dv_incident', 'police_callout']);
    const repairedLink = toc.links.find((l) => l.id === 'visits-trust')!;
    expect(repairedLink.confidence).toBeUndefined();
    expect(repairedLink.interventions).toEqual(['Go with them to the GP']);
    expect(repairedLink.assumptionIds).toEqual(['same-worker']);
    expect(summary(quarantined)).toEqual(['links/visits-trust/repaired', 'nodes/stable/repaired']);
    const paths = quarantined.find((q) => q.id === 'visits-trust')!.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['$.confidence', '$.interventions[1]', '$.interventions[2]', '$.assumptionIds']),
    );
  });

  it('leaves out a huge string instead of failing the read', () => {
    const doc = fromToc(exampleToc());
    const maps = tocMaps(doc);
    const huge = 'x'.repeat(1_000_000);
    doc.transact(() => {
      (mapAt(maps.nodes, 'visits').get('description') as Y.Text).insert(0, huge);
      mapAt(maps.nodes, 'trust').set('title', huge);
      maps.meta.set('summary', huge);
      maps.nodes.set(`n${huge}`, new Y.Map());
    });
    const { toc, quarantined } = expectValid(doc);
    expect(toc.nodes.find((n) => n.id === 'visits')!.description).toBeUndefined();
    expect(toc.nodes.find((n) => n.id === 'trust')).toBeUndefined();
    // Its links went with it; its indicator too.
    expect(toc.links.some((l) => l.from === 'trust' || l.to === 'trust')).toBe(false);
    expect(toc.indicators.map((i) => i.id)).toEqual(['callouts']);
    expect(toc.summary).toBeUndefined();
    expect(summary(quarantined)).toEqual([
      'indicators/level/dropped',
      'links/trust-stable/dropped',
      'links/visits-trust/dropped',
      'meta/summary/repaired',
      `nodes/n${huge}/dropped`,
      'nodes/trust/dropped',
      'nodes/visits/repaired',
    ]);
  });

  it('repairs evidence: outside journeyIds, under a key not its own, a stored quote, broken', () => {
    const doc = fromToc(exampleToc());
    const maps = tocMaps(doc);
    const evidence = mapAt(maps.nodes, 'school').get('evidence') as Y.Map<unknown>;
    doc.transact(() => {
      evidence.set('elsewhere/s1//', { journeyId: 'elsewhere', stageId: 's1' });
      evidence.set('forged-key', { journeyId: EXAMPLE_JOURNEYS.young, stageId: 's03' });
      evidence.set(`${EXAMPLE_JOURNEYS.young}/s03//`, {
        journeyId: EXAMPLE_JOURNEYS.young,
        stageId: 's03',
        quote: 'words',
      });
      evidence.set('broken', 17);
    });
    const { toc, quarantined } = expectValid(doc);
    expect(toc.nodes.find((n) => n.id === 'school')!.evidence).toEqual([
      { journeyId: EXAMPLE_JOURNEYS.young, stageId: 's02', costEventId: 'c01' },
      { journeyId: EXAMPLE_JOURNEYS.young, stageId: 's03' },
    ]);
    expect(summary(quarantined)).toEqual(['nodes/school/repaired']);
    expect(quarantined[0]!.issues.map((i) => i.path)).toEqual([
      '$.evidence.broken',
      '$.evidence["elsewhere/s1//"].journeyId',
      '$.evidence["forged-key"]',
      `$.evidence["${EXAMPLE_JOURNEYS.young}/s03//"].quote`,
    ]);
  });

  it('drops evidence when its journey leaves journeyIds, and falls back safely on broken meta', () => {
    const doc = fromToc(exampleToc());
    const maps = tocMaps(doc);
    doc.transact(() => {
      maps.meta.set('journeyIds', [EXAMPLE_JOURNEYS.young, 'not an id!', EXAMPLE_JOURNEYS.young]);
      maps.meta.set('title', '');
      maps.meta.set('ceiling', { highestAccountableKind: 'everything' });
      maps.meta.set('id', 42);
    });
    const { toc, quarantined } = expectValid(doc);
    expect(toc.journeyIds).toEqual([EXAMPLE_JOURNEYS.young]);
    expect(toc.title).toBe('Untitled theory of change');
    expect(toc.id).toBe('untitled');
    expect(toc.ceiling).toEqual({ highestAccountableKind: 'intermediate-outcome' });
    const journeys = new Set(toc.nodes.flatMap((n) => n.evidence).map((e) => e.journeyId));
    expect([...journeys]).toEqual([EXAMPLE_JOURNEYS.young]);
    expect(summary(quarantined.filter((q) => q.collection === 'meta'))).toEqual([
      'meta/ceiling/repaired',
      'meta/id/repaired',
      'meta/journeyIds/repaired',
      'meta/title/repaired',
    ]);
  });

  it('drops an indicator whose node another person removed at the same time', () => {
    const base = Y.encodeStateAsUpdate(fromToc(exampleToc()));
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    Y.applyUpdate(a, base, REMOTE_ORIGIN);
    Y.applyUpdate(b, base, REMOTE_ORIGIN);
    // a removes the node the plain way a peer might; b writes an indicator for it.
    a.transact(() => tocMaps(a).nodes.delete('plan'));
    b.transact(() => tocMaps(b).indicators.set('plans', { nodeId: 'plan', title: 'Plans agreed', measure: 'unit' }));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b), REMOTE_ORIGIN);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE_ORIGIN);
    for (const doc of [a, b]) {
      const { toc, quarantined } = expectValid(doc);
      expect(toc.indicators.map((i) => i.id)).toEqual(['callouts', 'level']);
      expect(summary(quarantined)).toEqual([
        'indicators/plans/dropped',
        'links/plan-stable/dropped',
        'links/visits-plan/dropped',
      ]);
    }
  });

  it('a second read checks evidence afresh where it changed: a journey gone, an entry replaced', () => {
    const doc = fromToc(exampleToc());
    const maps = tocMaps(doc);
    const first = expectValid(doc);
    expect(first.quarantined).toEqual([]);
    const cites = (toc: typeof first.toc) =>
      toc.nodes.filter((n) => n.id !== 'school' && n.evidence.some((e) => e.journeyId === EXAMPLE_JOURNEYS.mother));
    expect(cites(first.toc).length).toBeGreaterThan(0);
    const school = mapAt(maps.nodes, 'school').get('evidence') as Y.Map<unknown>;
    const [key] = [...school.keys()];
    doc.transact(() => {
      maps.meta.set(
        'journeyIds',
        exampleToc().journeyIds.filter((id) => id !== EXAMPLE_JOURNEYS.mother),
      );
      school.set(key!, { journeyId: EXAMPLE_JOURNEYS.young, stageId: 17 });
    });
    const second = expectValid(doc);
    expect(cites(second.toc)).toEqual([]);
    expect(second.toc.nodes.find((n) => n.id === 'school')!.evidence).toEqual([]);
    const schoolIssues = second.quarantined.find((q) => q.collection === 'nodes' && q.id === 'school')!.issues;
    expect(schoolIssues.map((i) => i.path)).toEqual([`$.evidence["${key}"].stageId`]);
  });

  it('cuts evidence that concurrent additions pushed past its cap', () => {
    const doc = fromToc(exampleToc());
    const evidence = mapAt(tocMaps(doc).nodes, 'thrive').get('evidence') as Y.Map<unknown>;
    doc.transact(() => {
      for (let i = 0; i <= TOC_LIMITS.evidence; i++) {
        evidence.set(`${EXAMPLE_JOURNEYS.young}/s${i}//`, { journeyId: EXAMPLE_JOURNEYS.young, stageId: `s${i}` });
      }
    });
    const { toc, quarantined } = expectValid(doc);
    const cap = TOC_LIMITS.evidence;
    expect(toc.nodes.find((n) => n.id === 'thrive')!.evidence).toHaveLength(cap);
    expect(quarantined[0]!.issues).toEqual([
      { path: '$.evidence', message: `holds ${cap + 1} items, more than ${cap}: the rest are left out` },
    ]);
  });
});
