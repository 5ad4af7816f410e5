/**
 * The progress scale: where a family is on the road from *stuck* to *independence*.
 *
 * Ordinal (levels are ordered, not evenly spaced: report medians and movement between levels,
 * never means), versioned (a programme that rewords or adds levels makes a new version, so old
 * ratings keep their meaning) and configurable per journey.
 *
 * The default wording is ours. Outcomes Star (Family Star Plus) and its "Journey of Change" are
 * precedent for this kind of scale but are licensed: never ship their wording, areas or charts.
 */
import { z } from 'zod/mini';
import { ScaleIdSchema } from './ids.ts';

/** How a level is drawn besides its colour, so it is never told by colour alone. */
export const LEVEL_ICONS = ['knot', 'door-open', 'footsteps', 'cogs', 'sunrise', 'circle'] as const;
export const LevelIconSchema = z.enum(LEVEL_ICONS);

export const ProgressLevelSchema = z.strictObject({
  /** The level's place on the scale, 1 for the lowest; consecutive from 1. */
  value: z.int().check(z.gte(1), z.lte(10)),
  /** Short name shown on chips and in exports ("Stuck"). */
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  /** One plain-English sentence a family member can agree or disagree with. */
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** Chip colour as `#rrggbb`; always shown with the label and icon. */
  colour: z.string().check(z.regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #1a2b3c')),
  icon: LevelIconSchema,
});
export type ProgressLevel = z.output<typeof ProgressLevelSchema>;

export const ProgressScaleSchema = z
  .object({
    id: ScaleIdSchema,
    /** Bumped whenever the wording or number of levels changes. */
    version: z.int().check(z.gte(1)),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
    levels: z.array(ProgressLevelSchema).check(z.minLength(2), z.maxLength(10)),
  })
  .check(
    z.superRefine((scale, ctx) => {
      scale.levels.forEach((level, index) => {
        if (level.value !== index + 1) {
          ctx.addIssue({
            code: 'custom',
            path: ['levels', index, 'value'],
            message: `levels must be numbered 1, 2, 3… in order; expected ${index + 1}, found ${level.value}`,
          });
        }
      });
    }),
  );
export type ProgressScale = z.output<typeof ProgressScaleSchema>;
export type ProgressScaleInput = z.input<typeof ProgressScaleSchema>;

/** Turning Points' own five-level scale (README.md, "The progress scale"), in words of our own. */
export const DEFAULT_PROGRESS_SCALE: ProgressScale = ProgressScaleSchema.parse({
  id: 'stuck-to-independence',
  version: 1,
  name: 'Stuck to independence',
  levels: [
    {
      value: 1,
      label: 'Stuck',
      description: 'Things feel stuck; nothing seems to change.',
      colour: '#b42318',
      icon: 'knot',
    },
    {
      value: 2,
      label: 'Opening up',
      description: 'Ready to talk and to let others help.',
      colour: '#b54708',
      icon: 'door-open',
    },
    {
      value: 3,
      label: 'Trying things',
      description: 'Trying new ways, with support.',
      colour: '#7a5c00',
      icon: 'footsteps',
    },
    {
      value: 4,
      label: 'Making it work',
      description: 'Finding what works and keeping it going.',
      colour: '#0e6e8c',
      icon: 'cogs',
    },
    {
      value: 5,
      label: 'Independent',
      description: 'Managing well without formal support.',
      colour: '#067647',
      icon: 'sunrise',
    },
  ],
});

/** The level with this value, or undefined when the scale has no such level. */
export function levelOf(scale: ProgressScale, value: number): ProgressLevel | undefined {
  return scale.levels.find((level) => level.value === value);
}
