import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRESS_SCALE, issuesFrom, levelOf, ProgressScaleSchema } from '../../../src/model/index.ts';

describe('the progress scale', () => {
  it('defaults to our five levels from stuck to independent', () => {
    expect(DEFAULT_PROGRESS_SCALE.levels.map((l) => l.label)).toEqual([
      'Stuck',
      'Opening up',
      'Trying things',
      'Making it work',
      'Independent',
    ]);
    expect(levelOf(DEFAULT_PROGRESS_SCALE, 3)?.description).toBe('Trying new ways, with support.');
    expect(levelOf(DEFAULT_PROGRESS_SCALE, 6)).toBeUndefined();
  });

  it('gives every level an icon and a distinct colour, so no level is told by colour alone', () => {
    const colours = new Set(DEFAULT_PROGRESS_SCALE.levels.map((l) => l.colour));
    const icons = new Set(DEFAULT_PROGRESS_SCALE.levels.map((l) => l.icon));
    expect(colours.size).toBe(5);
    expect(icons.size).toBe(5);
  });

  it('can be configured, but levels must be numbered in order', () => {
    const custom = {
      ...DEFAULT_PROGRESS_SCALE,
      id: 'three-steps',
      levels: [DEFAULT_PROGRESS_SCALE.levels[0], { ...DEFAULT_PROGRESS_SCALE.levels[2], value: 3 }],
    };
    const result = ProgressScaleSchema.safeParse(custom);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(issuesFrom(result.error)).toEqual([
        { path: '$.levels[1].value', message: 'levels must be numbered 1, 2, 3… in order; expected 2, found 3' },
      ]);
    }
  });
});
