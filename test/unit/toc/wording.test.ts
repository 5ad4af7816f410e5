/** The theory-of-change wording the exports and the list view share. */
import { describe, expect, it } from 'vitest';
import { TOC_NODE_KINDS } from '../../../src/model/index.ts';
import { tierHeading } from '../../../src/toc/index.ts';

describe('tierHeading', () => {
  it('names each tier in the plural, as the canvas does', () => {
    expect(TOC_NODE_KINDS.map(tierHeading)).toEqual([
      'Impact',
      'Long-term outcomes',
      'Intermediate outcomes',
      'Preconditions',
      'Outputs',
      'Activities',
    ]);
  });
});
