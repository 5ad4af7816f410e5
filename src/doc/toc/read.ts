/**
 * Y.Doc → validated TheoryOfChange. Every field and record is checked on its own, because a peer
 * may send anything: a broken optional field is left out and the element kept (`repaired`); an
 * element without a valid kind, title or end is left out (`dropped`). Links whose ends are gone
 * or the same, and indicators whose node is gone, are dropped; a second link between the same
 * two nodes is left out as `merged`; evidence outside `journeyIds` and
 * dangling assumption ids are repaired away. Ids are keys, so duplicates cannot arise. The result
 * always passes `TheoryOfChangeSchema`.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import {
  AssumptionIdSchema,
  AssumptionSchema,
  canonicalToc,
  CeilingSchema,
  CodeIdSchema,
  ConfidenceSchema,
  CostEventTypeSchema,
  DEFAULT_CEILING,
  IndicatorSchema,
  issuesFrom,
  JourneyIdSchema,
  linkTwiceMessage,
  ProgressReferenceSchema,
  ScaleIdSchema,
  TheoryOfChangeSchema,
  tierOf,
  TOC_SCHEMA_VERSION,
  TocIdSchema,
  TocLinkSchema,
  TocNodeSchema,
  TocProvenanceSchema,
  type Assumption,
  type Indicator,
  type TheoryOfChange,
  type TocLink,
  type TocNode,
  type ValidationIssue,
} from '../../model/index.ts';
import { quarantineLog, type QuarantinedRecord } from '../quarantine.ts';
import { sortedEntries, type JsonRecord } from '../records.ts';
import {
  TOC_DOC_KIND,
  TOC_META_KEYS,
  tocMaps,
  type StoredTocLinkField,
  type StoredTocNodeField,
  type TocMetaKey,
} from './layout.ts';
import { TOC_LIMITS } from './limits.ts';
import { capped, evidenceField, keepItems, keepSetKeys, longTextField, optionalField } from './read-fields.ts';

export interface TocReadResult {
  toc: TheoryOfChange;
  quarantined: QuarantinedRecord[];
  /** The version the document says it has; not current means it is newer (or broken). */
  docSchemaVersion: unknown;
}

const MAX = TOC_LIMITS;

/** Fallbacks for broken meta fields: safe, and never more permissive than the real value. */
const META_FIELDS = {
  id: { schema: TocIdSchema, fallback: 'untitled' },
  title: { schema: TheoryOfChangeSchema.shape.title, fallback: 'Untitled theory of change' },
  summary: { schema: TheoryOfChangeSchema.shape.summary, fallback: undefined },
  scaleId: { schema: z.optional(ScaleIdSchema), fallback: undefined },
  ceiling: { schema: z._default(CeilingSchema, DEFAULT_CEILING), fallback: DEFAULT_CEILING },
  provenance: { schema: z.optional(TocProvenanceSchema), fallback: undefined },
} as const satisfies Record<
  Exclude<TocMetaKey, 'kind' | 'schemaVersion' | 'journeyIds'>,
  { schema: z.ZodMiniType; fallback: unknown }
>;

const interventionSchema = TocLinkSchema.shape.interventions.def.innerType.def.element;

/** The record without its undefined fields, so an absent optional field reads as absent, not as `undefined`. */
const defined = (record: JsonRecord): JsonRecord =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

type Report = (collection: string, id: string, issues: ValidationIssue[]) => void;

const byId = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** The element's map, or the issue that says why there is none. */
function elementMap(
  id: string,
  value: unknown,
  idSchema: z.ZodMiniType,
  what: string,
): Y.Map<unknown> | ValidationIssue[] {
  const idParsed = idSchema.safeParse(id);
  if (!idParsed.success) return issuesFrom(idParsed.error, ['id']);
  return value instanceof Y.Map ? value : [{ path: '$', message: `is not a ${what} map` }];
}

/** A node, field by field; undefined when its kind or title is unusable. */
function readNode(
  id: string,
  value: unknown,
  journeyIds: ReadonlySet<string>,
  drop: Report,
  repair: Report,
): TocNode | undefined {
  const map = elementMap(id, value, TocNodeSchema.shape.id, 'node');
  if (Array.isArray(map)) {
    drop('nodes', id, map);
    return undefined;
  }
  const issues: ValidationIssue[] = [];
  // Checked item by item by evidenceField; left out of the element's own check so it is not checked twice.
  const evidence = evidenceField(map.get('evidence'), journeyIds, MAX.evidence, ['evidence'], issues);
  const candidate = {
    id,
    kind: map.get('kind'),
    title: map.get('title'),
    description: longTextField(map.get('description'), TocNodeSchema.shape.description, ['description'], issues),
    progress: optionalField(map.get('progress'), ProgressReferenceSchema, ['progress'], issues),
    reduces: keepSetKeys(map.get('reduces'), CostEventTypeSchema, MAX.reduces, ['reduces'], issues),
    codes: keepItems(map.get('codes'), CodeIdSchema, MAX.codes, ['codes'], issues),
    position: optionalField(map.get('position'), TocNodeSchema.shape.position, ['position'], issues),
  } satisfies Record<StoredTocNodeField, unknown>;
  const parsed = TocNodeSchema.safeParse(defined(candidate));
  if (!parsed.success) {
    drop('nodes', id, [...issuesFrom(parsed.error), ...issues]);
    return undefined;
  }
  if (issues.length > 0) repair('nodes', id, issues);
  return { ...parsed.data, evidence };
}

/** A link, field by field; undefined when an end is unusable. Ends are checked by the caller. */
function readLink(
  id: string,
  value: unknown,
  journeyIds: ReadonlySet<string>,
  assumptionIds: ReadonlySet<string>,
  drop: Report,
  repair: Report,
): TocLink | undefined {
  const map = elementMap(id, value, TocLinkSchema.shape.id, 'link');
  if (Array.isArray(map)) {
    drop('links', id, map);
    return undefined;
  }
  const issues: ValidationIssue[] = [];
  const assumptions = keepSetKeys(
    map.get('assumptionIds'),
    AssumptionIdSchema,
    Infinity,
    ['assumptionIds'],
    issues,
  ).filter((assumption) => {
    if (assumptionIds.has(assumption)) return true;
    issues.push({ path: '$.assumptionIds', message: `assumption "${assumption}" no longer exists` });
    return false;
  });
  const candidate = {
    id,
    from: map.get('from'),
    to: map.get('to'),
    rationale: longTextField(map.get('rationale'), TocLinkSchema.shape.rationale, ['rationale'], issues),
    interventions: keepItems(
      map.get('interventions'),
      interventionSchema,
      MAX.interventions,
      ['interventions'],
      issues,
    ),
    assumptionIds: capped(assumptions, MAX.assumptionIds, ['assumptionIds'], issues),
    confidence: optionalField(map.get('confidence'), ConfidenceSchema, ['confidence'], issues),
  } satisfies Record<StoredTocLinkField, unknown>;
  // As for nodes: checked item by item, not again with the link.
  const evidence = evidenceField(map.get('evidence'), journeyIds, MAX.evidence, ['evidence'], issues);
  const parsed = TocLinkSchema.safeParse(defined(candidate));
  if (!parsed.success) {
    drop('links', id, [...issuesFrom(parsed.error), ...issues]);
    return undefined;
  }
  if (issues.length > 0) repair('links', id, issues);
  return { ...parsed.data, evidence };
}

export function readToc(doc: Y.Doc): TocReadResult {
  const maps = tocMaps(doc);
  const { quarantined, drop, repair } = quarantineLog();

  const rawMeta: JsonRecord = {};
  for (const key of TOC_META_KEYS) rawMeta[key] = maps.meta.get(key);
  if (rawMeta.kind !== TOC_DOC_KIND) {
    repair('meta', 'kind', [
      { path: '$.kind', message: `is not "${TOC_DOC_KIND}": the document does not say it is a theory of change` },
    ]);
  }
  const meta: JsonRecord = {};
  for (const [key, { schema, fallback }] of Object.entries(META_FIELDS)) {
    const parsed = (schema as z.ZodMiniType).safeParse(rawMeta[key]);
    if (parsed.success) {
      if (parsed.data !== undefined) meta[key] = parsed.data;
    } else {
      if (fallback !== undefined) meta[key] = fallback;
      repair('meta', key, issuesFrom(parsed.error, [key]));
    }
  }
  const journeyIssues: ValidationIssue[] = [];
  const journeyIds = keepItems(rawMeta.journeyIds, JourneyIdSchema, MAX.journeyIds, ['journeyIds'], journeyIssues);
  if (journeyIssues.length > 0) repair('meta', 'journeyIds', journeyIssues);
  const journeySet = new Set<string>(journeyIds);

  const parseRecords = <T>(collection: string, map: Y.Map<unknown>, schema: z.ZodMiniType<T>): T[] =>
    sortedEntries(new Map(map.entries())).flatMap(([id, value]) => {
      const candidate = typeof value === 'object' && value !== null ? { ...value, id } : value;
      const parsed = schema.safeParse(candidate);
      if (parsed.success) return [parsed.data];
      drop(collection, id, issuesFrom(parsed.error));
      return [];
    });
  const tooMany = <T extends { id: string }>(
    collection: 'nodes' | 'links' | 'indicators' | 'assumptions',
    records: T[],
  ): T[] => {
    for (const record of records.slice(MAX[collection])) {
      drop(collection, record.id, [{ path: '$', message: `more than ${MAX[collection]} ${collection}` }]);
    }
    return records.slice(0, MAX[collection]);
  };

  const assumptions = tooMany(
    'assumptions',
    parseRecords<Assumption>('assumptions', maps.assumptions, AssumptionSchema),
  );
  const assumptionIds = new Set<string>(assumptions.map((a) => a.id));

  const readNodes = [...maps.nodes.entries()]
    .sort(byId)
    .flatMap(([id, value]) => readNode(id, value, journeySet, drop, repair) ?? []);
  const nodes = tooMany(
    'nodes',
    readNodes.sort((a, b) => tierOf(b.kind) - tierOf(a.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  const nodeIds = new Set<string>(nodes.map((n) => n.id));

  // Two people can draw the same link at once (each under its own id). Every peer keeps the
  // one with the lowest id, so all agree; removing it removes the others too (removeTocLink).
  const linkByPair = new Map<string, string>();
  const readLinks = [...maps.links.entries()]
    .sort(byId)
    .flatMap(([id, value]) => readLink(id, value, journeySet, assumptionIds, drop, repair) ?? [])
    .filter((link) => {
      const issues: ValidationIssue[] = [];
      if (!nodeIds.has(link.from)) issues.push({ path: '$.from', message: `node "${link.from}" no longer exists` });
      if (!nodeIds.has(link.to)) issues.push({ path: '$.to', message: `node "${link.to}" no longer exists` });
      if (link.from === link.to) issues.push({ path: '$.to', message: 'a node cannot lead to itself' });
      if (issues.length > 0) {
        drop('links', link.id, issues);
        return false;
      }
      const pair = JSON.stringify([link.from, link.to]);
      const earlier = linkByPair.get(pair);
      if (earlier === undefined) {
        linkByPair.set(pair, link.id);
        return true;
      }
      quarantined.push({
        collection: 'links',
        id: link.id,
        action: 'merged',
        issues: [{ path: '$.to', message: linkTwiceMessage(link.from, link.to, earlier) }],
      });
      return false;
    });
  const links: TocLink[] = tooMany('links', readLinks);

  const indicators = tooMany(
    'indicators',
    parseRecords<Indicator>('indicators', maps.indicators, IndicatorSchema).filter((indicator) => {
      if (nodeIds.has(indicator.nodeId)) return true;
      drop('indicators', indicator.id, [{ path: '$.nodeId', message: `node "${indicator.nodeId}" no longer exists` }]);
      return false;
    }),
  );

  const candidate = {
    ...meta,
    schemaVersion: TOC_SCHEMA_VERSION,
    journeyIds,
    nodes,
    links,
    indicators,
    assumptions,
  };
  const parsed = TheoryOfChangeSchema.safeParse(candidate);
  if (!parsed.success) {
    // Every field and record was checked above; reaching this is a bug in this module, not bad input.
    throw new Error(`readToc produced an invalid theory of change: ${JSON.stringify(issuesFrom(parsed.error))}`);
  }
  return { toc: canonicalToc(parsed.data), quarantined, docSchemaVersion: rawMeta.schemaVersion };
}
