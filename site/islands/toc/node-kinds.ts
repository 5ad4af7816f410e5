/**
 * How each kind of step looks, in one registry (a kind is one entry, not a switch in every component): a colour, a glyph and words,
 * so a kind is never told by colour alone. The colours are dark enough for white text and
 * differ from the progress levels' colours.
 */
import { TOC_NODE_KIND_LABELS, type TocNodeKind } from '../../../src/model/index.ts';
import { tierHeading } from '../../../src/toc/index.ts';

export interface KindLook {
  label: string;
  /** "Activities": headings of a tier. */
  plural: string;
  colour: string;
  glyph: string;
}

const look = (kind: TocNodeKind, colour: string, glyph: string): KindLook => ({
  label: TOC_NODE_KIND_LABELS[kind],
  // The same plural the list view and the exports write.
  plural: tierHeading(kind),
  colour,
  glyph,
});

export const KIND_LOOKS: Record<TocNodeKind, KindLook> = {
  impact: look('impact', '#5b2a86', '◎'),
  'long-term-outcome': look('long-term-outcome', '#1f4e79', '◉'),
  'intermediate-outcome': look('intermediate-outcome', '#0f6b5c', '○'),
  precondition: look('precondition', '#6b4e16', '◇'),
  output: look('output', '#8a3b12', '□'),
  activity: look('activity', '#3d4852', '▷'),
};

export const CONFIDENCE_WORDS = {
  low: 'Low confidence',
  medium: 'Medium confidence',
  high: 'High confidence',
} as const;
