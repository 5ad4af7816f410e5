/**
 * Canonical JSON and its published JSON Schema, checked with a validator we did not write (ajv,
 * JSON Schema 2020-12, with ajv-formats for dates): fixtures, evaluator and team views, and a
 * theory of change built on the example journeys all validate; broken documents do not.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { consentAsFiled } from '../../../src/model/index.ts';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { canonicalToc, TheoryOfChangeSchema, type TheoryOfChange } from '../../../src/model/index.ts';
import { exportView, parseTocJson, TOC_JSON_SCHEMA_PATH, tocJsonSchema, tocToJson } from '../../../src/toc/index.ts';
import { exampleJourneys, nastyToc, smallToc, smallTocInput } from '../../fixtures/small-toc.ts';

const journeys = exampleJourneys();

/** Exported JSON, loosely typed, for breaking it on purpose. */
interface LooseDoc {
  [field: string]: unknown;
  nodes: { [field: string]: unknown; evidence: Record<string, unknown>[] }[];
  links: Record<string, unknown>[];
  indicators: { [field: string]: unknown; periods: Record<string, unknown>[] }[];
}
const loose = (toc: TheoryOfChange) => JSON.parse(tocToJson(toc)) as LooseDoc;

function validator() {
  // strict: the schema must not lean on anything ajv would have to guess about.
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(tocJsonSchema());
}

const documents: Record<string, TheoryOfChange> = {
  'the fixture as stored': smallToc(),
  'the evaluator view': exportView(smallToc(), journeys, {
    audience: 'evaluator',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
  'the team view': exportView(smallToc(), journeys, {
    audience: 'team',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
  'the evaluator view with nothing suppressed': exportView(smallToc(), journeys, {
    audience: 'evaluator',
    minFamilies: 1,
    consentOf: consentAsFiled(journeys),
  }),
  'nasty texts, team view': exportView(nastyToc(), journeys, {
    audience: 'team',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
};

describe('tocJsonSchema', () => {
  it('is draft 2020-12 with an id at the stable path, a title and a description', () => {
    const schema = tocJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('/schema/theory-of-change/v1.json');
    expect(TOC_JSON_SCHEMA_PATH).toBe('/schema/theory-of-change/v1.json');
    expect(tocJsonSchema('https://tp.example.org/').$id).toBe('https://tp.example.org/schema/theory-of-change/v1.json');
    expect(schema.title).toMatch(/theory of change/i);
    expect(schema.description).toMatch(/suppressed/);
    expect(Object.keys(schema).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description']);
  });

  it.each(Object.entries(documents))('validates %s, as exported, with ajv', (_name, toc) => {
    const validate = validator();
    const json: unknown = JSON.parse(tocToJson(toc));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is the same for the evaluator view of every example journey, with or without their words', () => {
    const validate = validator();
    for (const minFamilies of [1, 2, 3, 5]) {
      for (const audience of ['evaluator', 'team'] as const) {
        const view = exportView(smallToc(), journeys, { audience, minFamilies, consentOf: consentAsFiled(journeys) });
        const json: unknown = JSON.parse(tocToJson(view));
        expect(validate(json), `${audience} ${minFamilies}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('rejects broken documents: an unknown field, a bad kind, a bad date, a bad family count', () => {
    const validate = validator();
    const good = () => loose(documents['the evaluator view']!);
    const broken: Record<string, (doc: LooseDoc) => void> = {
      'unknown top-level field': (doc) => (doc.secret = 'x'),
      'unknown node field': (doc) => (doc.nodes[0]!.colour = 'red'),
      'bad kind': (doc) => (doc.nodes[0]!.kind = 'goal'),
      'missing title': (doc) => delete doc.title,
      'bad date': (doc) => (doc.indicators[0]!.periods[0]!.start = '2016-13-45'),
      'bad family count': (doc) => (doc.nodes[0]!.families = 'few'),
      'negative family count': (doc) => (doc.links[0]!.families = -1),
      'bad id': (doc) => (doc.nodes[0]!.id = 'has spaces'),
      'wrong schema version': (doc) => (doc.schemaVersion = 2),
      'evidence with a copied name': (doc) => (doc.nodes[1]!.evidence[0]!.name = 'Dawn'),
    };
    for (const [name, breakIt] of Object.entries(broken)) {
      const doc = good();
      breakIt(doc);
      expect(validate(doc), name).toBe(false);
    }
  });
});

describe('tocToJson', () => {
  it('is canonical: order of records, sets and keys does not change a byte', () => {
    const input = smallTocInput();
    const shuffled = TheoryOfChangeSchema.parse({
      ...input,
      journeyIds: [...(input.journeyIds ?? [])].reverse(),
      nodes: [...input.nodes].reverse().map((node) => Object.fromEntries(Object.entries(node).reverse())),
      links: [...(input.links ?? [])].reverse(),
      indicators: [...(input.indicators ?? [])].reverse(),
      assumptions: [...(input.assumptions ?? [])].reverse(),
    });
    expect(tocToJson(shuffled)).toBe(tocToJson(smallToc()));
    // Keys in schema order even when the object was built in another order.
    const reordered = Object.fromEntries(Object.entries(smallToc()).reverse()) as TheoryOfChange;
    expect(tocToJson(reordered)).toBe(tocToJson(smallToc()));
    const text = tocToJson(smallToc());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(Object.keys(TheoryOfChangeSchema.parse(smallTocInput())));
  });

  it('round-trips: parse gives the canonical model, and writing it again gives the same bytes', () => {
    for (const toc of Object.values(documents)) {
      const text = tocToJson(toc);
      const parsed = parseTocJson(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.toc).toEqual(canonicalToc(toc));
      expect(tocToJson(parsed.toc)).toBe(text);
    }
  });

  it('refuses to write a model its own schema rejects', () => {
    const toc = smallToc();
    expect(() => tocToJson({ ...toc, nodes: [...toc.nodes, toc.nodes[0]!] })).toThrow(/duplicate id/);
  });
});

describe('parseTocJson', () => {
  it('says where malformed JSON goes wrong, by line and column', () => {
    const result = parseTocJson('{\n  "schemaVersion": 1,\n  "id": "x",,\n}');
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '$', message: expect.stringMatching(/not valid JSON at line 3, column 13/) }],
    });
  });

  it('names the JSON path of every fault in the model', () => {
    const issues = (change: (doc: LooseDoc) => void) => {
      const doc = loose(smallToc());
      change(doc);
      const result = parseTocJson(JSON.stringify(doc));
      return result.ok ? [] : result.issues;
    };
    const shape = issues((doc) => {
      doc.nodes[2]!.kind = 'goal';
      doc.nodes[3]!.evidence[0]!.name = 'Dawn';
      doc.extra = true;
    });
    expect(shape).toEqual([
      { path: '$.nodes[2].kind', message: expect.any(String) },
      { path: '$.nodes[3].evidence[0]', message: 'has unknown field "name"' },
      { path: '$', message: 'has unknown field "extra"' },
    ]);
    // Links that point at nothing are found once every record has the right shape.
    const integrity = issues((doc) => {
      doc.links[0]!.to = 'nowhere';
      doc.nodes[1]!.evidence[0]!.journeyId = 'erased-journey';
    });
    expect(integrity.map((issue) => issue.path)).toEqual(['$.nodes[1].evidence[0].journeyId', '$.links[0].to']);
  });

  it('tells a newer document from a broken one', () => {
    const doc = JSON.parse(tocToJson(smallToc())) as Record<string, unknown>;
    const result = parseTocJson(JSON.stringify({ ...doc, schemaVersion: 2 }));
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '$.schemaVersion', message: expect.stringMatching(/newer/) }],
    });
  });
});
