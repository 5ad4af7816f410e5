/**
 * Y.Doc → validated Journey. Every record is checked on its own; one that fails is quarantined
 * (left out and reported) instead of breaking the whole map, because a peer may send anything.
 * Dangling soft references (a code or speaker removed while someone used it, a level the scale
 * no longer has) are dropped and reported; records whose stage is gone are quarantined.
 */
import type * as Y from 'yjs';
import { z } from 'zod/mini';
import { AgencySchema, findAgency, type Agency } from '../../model/agency.ts';
import { CodeSchema, type Code } from '../../model/code.ts';
import { CostEventSchema, type CostEvent } from '../../model/cost-event.ts';
import { FactorSchema, type Factor } from '../../model/factor.ts';
import { FamilyMemberSchema, FamilySchema, type FamilyMember } from '../../model/family-member.ts';
import { JourneyIdSchema } from '../../model/ids.ts';
import {
  canonicalJourney,
  CURRENT_SCHEMA_VERSION,
  JourneySchema,
  ProvenanceSchema,
  SupportSchema,
  type Journey,
} from '../../model/journey.ts';
import { linkRepeatsMessage } from '../../model/journey-integrity.ts';
import { LinkSchema, type Link } from '../../model/link.ts';
import { DEFAULT_PROGRESS_SCALE, ProgressScaleSchema } from '../../model/progress-scale.ts';
import { StageSchema, type Stage } from '../../model/stage.ts';
import { issuesFrom, type ValidationIssue } from '../../model/validation-issue.ts';
import type { MetaKey } from './layout.ts';
import { quarantineLog, type QuarantinedRecord } from '../quarantine.ts';
import { rawJourney } from './raw.ts';
import { sortedEntries, type JsonRecord } from '../records.ts';
import { FACTOR_TEXT_LIMIT } from './record-commands.ts';
import { STAGE_TEXT_LIMITS } from './stage-commands.ts';

/** What a stage whose headline is being retyped (empty for now) is called meanwhile. */
export const UNTITLED_STAGE = 'Untitled stage';

export interface ReadResult {
  journey: Journey;
  quarantined: QuarantinedRecord[];
  /** The version the document says it has; not current means it must be migrated (or is newer). */
  docSchemaVersion: unknown;
}

/** Fallbacks for broken meta fields: safe, and never more permissive than the real value. */
const META_FIELDS = {
  id: { schema: JourneyIdSchema, fallback: 'untitled' },
  title: { schema: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)), fallback: 'Untitled journey' },
  summary: { schema: z.optional(z.string().check(z.trim(), z.maxLength(1000))), fallback: undefined },
  family: { schema: z.omit(FamilySchema, { members: true }), fallback: { pseudonym: 'Unnamed family' } },
  scale: { schema: z._default(ProgressScaleSchema, DEFAULT_PROGRESS_SCALE), fallback: DEFAULT_PROGRESS_SCALE },
  support: { schema: z.optional(SupportSchema), fallback: undefined },
  provenance: { schema: z.optional(ProvenanceSchema), fallback: undefined },
} as const satisfies Record<Exclude<MetaKey, 'schemaVersion'>, { schema: z.ZodMiniType; fallback: unknown }>;

/**
 * Two people can add the same "this led to that" at once, on two devices, each under its own
 * id. Every peer keeps the one with the lowest id (links come sorted by id), so all agree and
 * the stored document is left as it is; removing or moving the kept link takes the others with
 * it (record-commands.ts), so none reappears. The rest are reported as merged, not as faults.
 */
function keepFirstOfTwins(links: Link[], quarantined: QuarantinedRecord[]): Link[] {
  const keptByEnds = new Map<string, string>();
  return links.filter((link) => {
    const ends = JSON.stringify([link.from, link.to]);
    const kept = keptByEnds.get(ends);
    if (kept === undefined) {
      keptByEnds.set(ends, link.id);
      return true;
    }
    quarantined.push({
      collection: 'links',
      id: link.id,
      action: 'merged',
      issues: [{ path: '$.to', message: linkRepeatsMessage(kept) }],
    });
    return false;
  });
}

export function readJourney(doc: Y.Doc): ReadResult {
  const raw = rawJourney(doc);
  const { quarantined, drop, repair } = quarantineLog();

  const meta: JsonRecord = {};
  for (const [key, { schema, fallback }] of Object.entries(META_FIELDS)) {
    const parsed = (schema as z.ZodMiniType).safeParse(raw.meta[key]);
    if (parsed.success) {
      if (parsed.data !== undefined) meta[key] = parsed.data;
    } else {
      meta[key] = fallback;
      repair('meta', key, issuesFrom(parsed.error, [key]));
    }
  }

  const parseAll = <T>(collection: string, entries: [string, unknown][], schema: z.ZodMiniType<T>): T[] => {
    const out: T[] = [];
    for (const [id, value] of entries) {
      const candidate = typeof value === 'object' && value !== null ? { ...value, id } : value;
      const parsed = schema.safeParse(candidate);
      if (parsed.success) out.push(parsed.data);
      else drop(collection, id, issuesFrom(parsed.error));
    }
    return out;
  };

  /**
   * Shared text is typed live, so a headline is empty while it is retyped and two people typing
   * at once can pass its limit. The record stays (dropping it would close the box being typed
   * in); what is read gets a placeholder or is shortened, and the document keeps every character.
   */
  const repairText = (
    collection: string,
    entries: [string, unknown][],
    field: string,
    limit: number,
    placeholder: string,
  ): [string, unknown][] =>
    entries.map(([id, value]) => {
      const text = (value as JsonRecord | null)?.[field];
      if (typeof text !== 'string') return [id, value];
      const trimmed = text.trim();
      if (trimmed.length > 0 && trimmed.length <= limit) return [id, value];
      repair(collection, id, [
        { path: `$.${field}`, message: trimmed ? `is longer than ${limit} characters` : 'is empty' },
      ]);
      return [id, { ...(value as JsonRecord), [field]: trimmed ? trimmed.slice(0, limit) : placeholder }];
    });

  const members = parseAll<FamilyMember>('members', sortedEntries(raw.records.members), FamilyMemberSchema);
  const codes = parseAll<Code>('codes', sortedEntries(raw.records.codes), CodeSchema);
  const agencies = parseAll<Agency>('agencies', sortedEntries(raw.records.agencies), AgencySchema);
  const stageEntries = repairText(
    'stages',
    sortedEntries(raw.stages).map(([id, v]) => [id, v ?? 'not a stage map']),
    'title',
    STAGE_TEXT_LIMITS.title,
    UNTITLED_STAGE,
  );
  const parsedStages = parseAll<Stage>('stages', stageEntries, StageSchema);

  const memberIds = new Set<string>(members.map((m) => m.id));
  const codeIds = new Set<string>(codes.map((c) => c.id));
  const scale = meta.scale as Journey['scale'];
  const levels = new Set(scale.levels.map((l) => l.value));

  const stages = parsedStages.map((stage) => {
    const repaired: Stage = { ...stage };
    const issues: ValidationIssue[] = [];
    if (stage.speakerId !== undefined && !memberIds.has(stage.speakerId)) {
      delete repaired.speakerId;
      issues.push({ path: '$.speakerId', message: `family member "${stage.speakerId}" no longer exists` });
    }
    if (stage.when?.kind === 'age' && !memberIds.has(stage.when.memberId)) {
      delete repaired.when;
      issues.push({ path: '$.when.memberId', message: `family member "${stage.when.memberId}" no longer exists` });
    }
    if (stage.progress && !levels.has(stage.progress.level)) {
      delete repaired.progress;
      issues.push({ path: '$.progress.level', message: `level ${stage.progress.level} is not on the scale` });
    }
    const keptCodes = stage.codes.filter((c) => codeIds.has(c));
    if (keptCodes.length !== stage.codes.length) {
      repaired.codes = keptCodes;
      issues.push({ path: '$.codes', message: 'refers to codes that no longer exist' });
    }
    if (issues.length > 0) repair('stages', stage.id, issues);
    return repaired;
  });
  const stageIds = new Set<string>(stages.map((s) => s.id));

  const needsStage = <T extends { id: string }>(collection: string, records: T[], stagesOf: (r: T) => string[]): T[] =>
    records.filter((record) => {
      const missing = stagesOf(record).filter((id) => !stageIds.has(id));
      if (missing.length === 0) return true;
      drop(
        collection,
        record.id,
        missing.map((id) => ({ path: '$', message: `stage "${id}" no longer exists` })),
      );
      return false;
    });

  const endedLinks = needsStage('links', parseAll<Link>('links', sortedEntries(raw.records.links), LinkSchema), (l) => [
    l.from,
    l.to,
  ]).filter((link) => {
    if (link.from !== link.to) return true;
    drop('links', link.id, [{ path: '$.to', message: 'a stage cannot lead to itself' }]);
    return false;
  });
  const links = keepFirstOfTwins(endedLinks, quarantined);
  const factors = needsStage(
    'factors',
    parseAll<Factor>(
      'factors',
      repairText('factors', sortedEntries(raw.records.factors), 'text', FACTOR_TEXT_LIMIT, '…'),
      FactorSchema,
    ),
    (f) => [f.stageId],
  ).map((factor) => {
    const kept = factor.codes.filter((c) => codeIds.has(c));
    if (kept.length === factor.codes.length) return factor;
    repair('factors', factor.id, [{ path: '$.codes', message: 'refers to codes that no longer exist' }]);
    return { ...factor, codes: kept };
  });
  const costEvents = needsStage(
    'costEvents',
    parseAll<CostEvent>('costEvents', sortedEntries(raw.records.costEvents), CostEventSchema),
    (e) => [e.stageId],
  )
    .filter((event) => {
      if (findAgency(agencies, event.agencyId)) return true;
      drop('costEvents', event.id, [{ path: '$.agencyId', message: `agency "${event.agencyId}" no longer exists` }]);
      return false;
    })
    .map((event) => {
      if (event.when?.kind !== 'age' || memberIds.has(event.when.memberId)) return event;
      repair('costEvents', event.id, [
        { path: '$.when.memberId', message: `family member "${event.when.memberId}" no longer exists` },
      ]);
      const { when: _when, ...rest } = event;
      return rest;
    });

  const family = meta.family as JsonRecord;
  const candidate = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    ...meta,
    family: { ...family, members },
    stages,
    links,
    factors,
    costEvents,
    agencies,
    codes,
  };
  const parsed = JourneySchema.safeParse(candidate);
  if (!parsed.success) {
    // Every record was checked above; reaching this is a bug in this module, not bad input.
    throw new Error(`readJourney produced an invalid journey: ${JSON.stringify(issuesFrom(parsed.error))}`);
  }
  return { journey: canonicalJourney(parsed.data), quarantined, docSchemaVersion: raw.meta.schemaVersion };
}
