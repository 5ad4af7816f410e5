/**
 * A stage of a family's journey: one moment or period in their story, in their own words.
 * The heart of the model: links, what helped and hindered, cost events and a theory of change's
 * evidence all point at a stage.
 */
import { z } from 'zod/mini';
import { CodeIdSchema, MemberIdSchema, StageIdSchema } from './ids.ts';
import { ServiceKeySchema } from './services.ts';
import { setOf } from './set-of.ts';
import { WhenSchema } from './when.ts';

/** Whose words these are. Shown beside the words so nobody mistakes a worker's view for the family's. */
export const VOICES = ['parent', 'child-or-young-person', 'other-family-member', 'practitioner', 'researcher'] as const;
export const VoiceSchema = z.enum(VOICES);
export type Voice = z.output<typeof VoiceSchema>;

/** High and low points: five steps, drawn as the curve across the map. */
export const FEELINGS = ['very-low', 'low', 'mixed', 'high', 'very-high'] as const;
export const FeelingSchema = z.enum(FEELINGS);

/** Each feeling as people say it. */
export const FEELING_WORDS: Record<(typeof FEELINGS)[number], string> = {
  'very-low': 'Very low',
  low: 'Low',
  mixed: 'Mixed',
  high: 'High',
  'very-high': 'Very high',
};
export type Feeling = z.output<typeof FeelingSchema>;

/** Who placed the stage on the progress scale; ratings by the family and a worker can differ. */
export const RATERS = ['family', 'worker', 'together'] as const;
export const RaterSchema = z.enum(RATERS);

export const ProgressRatingSchema = z.strictObject({
  /** A level `value` of the journey's progress scale. */
  level: z.int().check(z.gte(1), z.lte(10)),
  ratedBy: RaterSchema,
  /** Where family and worker saw it differently, in a sentence; kept, not resolved. */
  disagreement: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});
export type ProgressRating = z.output<typeof ProgressRatingSchema>;

export const StageSchema = z.strictObject({
  id: StageIdSchema,
  /** A short headline in plain words ("Moved in with Nan"). */
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  /** What was said about this stage, in the speaker's own words. Special-category data. */
  words: z._default(z.string().check(z.maxLength(4000)), ''),
  voice: z._default(VoiceSchema, 'parent'),
  /** The family member speaking, when the words are a family member's. */
  speakerId: z.optional(MemberIdSchema),
  when: z.optional(WhenSchema),
  /**
   * Position along the journey, ascending; stages sort by order then id. A number, not a
   * rank, so a stage can be put between two others without renumbering the rest.
   */
  order: z.number(),
  feeling: z.optional(FeelingSchema),
  progress: z.optional(ProgressRatingSchema),
  /** A set: each service once. */
  services: setOf(ServiceKeySchema, 30),
  /** A set: each code once. */
  codes: setOf(CodeIdSchema, 30),
});
export type Stage = z.output<typeof StageSchema>;

/** Stages in journey order: by `order`, ties broken by id so every peer agrees. */
export function compareStages(a: { order: number; id: string }, b: { order: number; id: string }): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
