/**
 * Branded identifiers. An id is a short, URL-safe slug; the brand stops a stage id from being
 * passed where a journey id is wanted, which a plain `string` would let through.
 */
import { z } from 'zod/mini';

/** Letters, digits, `-` and `_`; starts with a letter or digit; at most 64 characters. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const idString = () =>
  z.string().check(z.regex(ID_PATTERN, 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit'));

export const JourneyIdSchema = idString().brand<'JourneyId'>();
export type JourneyId = z.output<typeof JourneyIdSchema>;

export const StageIdSchema = idString().brand<'StageId'>();
export type StageId = z.output<typeof StageIdSchema>;

export const LinkIdSchema = idString().brand<'LinkId'>();
export type LinkId = z.output<typeof LinkIdSchema>;

export const FactorIdSchema = idString().brand<'FactorId'>();
export type FactorId = z.output<typeof FactorIdSchema>;

export const CostEventIdSchema = idString().brand<'CostEventId'>();
export type CostEventId = z.output<typeof CostEventIdSchema>;

export const MemberIdSchema = idString().brand<'MemberId'>();
export type MemberId = z.output<typeof MemberIdSchema>;

export const AgencyIdSchema = idString().brand<'AgencyId'>();

export const CodeIdSchema = idString().brand<'CodeId'>();

export const ScaleIdSchema = idString().brand<'ScaleId'>();

export const TocIdSchema = idString().brand<'TocId'>();

export const TocNodeIdSchema = idString().brand<'TocNodeId'>();
export type TocNodeId = z.output<typeof TocNodeIdSchema>;

export const TocLinkIdSchema = idString().brand<'TocLinkId'>();
export type TocLinkId = z.output<typeof TocLinkIdSchema>;

export const IndicatorIdSchema = idString().brand<'IndicatorId'>();
export type IndicatorId = z.output<typeof IndicatorIdSchema>;

export const AssumptionIdSchema = idString().brand<'AssumptionId'>();
export type AssumptionId = z.output<typeof AssumptionIdSchema>;

/**
 * A fresh random id with a readable prefix (`st_`, `ln_`…). Random rather than sequential so that
 * peers editing offline never mint the same id.
 */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  let suffix = '';
  for (const byte of bytes) suffix += byte.toString(36).padStart(2, '0').slice(-2);
  return `${prefix}_${suffix}`;
}
