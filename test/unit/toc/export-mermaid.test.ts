/**
 * The Mermaid text itself (Mermaid's own parser runs in Chromium: test/browser/toc-mermaid.test.ts):
 * generated ids, labels that hold nothing Mermaid would read, tiers bottom to top, the ceiling.
 */
import { describe, expect, it } from 'vitest';
import { consentAsFiled } from '../../../src/model/index.ts';
import { TheoryOfChangeSchema } from '../../../src/model/index.ts';
import { exportView, mermaidLabel, tocToMermaid } from '../../../src/toc/index.ts';
import { exampleJourneys, NASTY_TITLES, nastyToc, smallToc, smallTocInput } from '../../fixtures/small-toc.ts';

/** Undo the exporter's escaping, as Mermaid does. */
const decode = (label: string) =>
  label
    .slice(1, -1)
    .replace(/<br>/g, '\n')
    .replace(/#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/\u2060/g, '');

describe('mermaidLabel', () => {
  it.each(NASTY_TITLES)('keeps %j as the same text, with nothing Mermaid would read inside', (title) => {
    const label = mermaidLabel(title);
    const inside = label.slice(1, -1).replace(/<br>/g, '').replace(/#\d+;/g, '');
    expect(inside).toMatch(/^[A-Za-z0-9 ,.!?'()\-\u0080-\u{10FFFF}]*$/u);
    expect(decode(label)).toBe(
      title
        .trim()
        .split(/\r\n|\r|\n/)
        .join('\n'),
    );
  });

  it('never lets a backslash and an "n" meet, which Mermaid would draw as a line break', () => {
    expect(mermaidLabel('a\\nb')).toBe('"a#92;#8288;nb"');
    expect(mermaidLabel('a\\tb')).toBe('"a#92;tb"');
  });
});

describe('tocToMermaid', () => {
  const view = exportView(smallToc(), exampleJourneys(), {
    audience: 'invited',
    minFamilies: 3,
    consentOf: consentAsFiled(exampleJourneys()),
  });
  const text = tocToMermaid(view, { minFamilies: 3 });
  const lines = text.trimEnd().split('\n');

  it('is a bottom-to-top flowchart: the side beyond the ceiling, then one subgraph per tier from impact down', () => {
    expect(lines[0]).toBe('flowchart BT');
    expect(lines.filter((l) => /^\s*subgraph /.test(l)).map((l) => l.trim().split(/[[\s]/)[1])).toEqual([
      'contribution',
      'tier_impact',
      'tier_long_term_outcome',
      'accountability',
      'tier_intermediate_outcome',
      'tier_precondition',
      'tier_output',
      'tier_activity',
    ]);
    expect(lines.filter((l) => l.trim() === 'end')).toHaveLength(8);
  });

  it('gives nodes generated ids and a shape per kind', () => {
    const nodes = lines.filter((l) => /^\s+n\d+[[({]/.test(l)).map((l) => l.trim());
    expect(nodes).toHaveLength(view.nodes.length);
    expect(nodes[0]).toMatch(/^n1\{\{"Families manage well without formal support<br>2 families"\}\}$/);
    expect(nodes[1]).toMatch(/^n2\(\[".*"\]\)$/);
    expect(nodes.at(-1)).toMatch(/^n9\[".*"\]$/);
    for (const node of view.nodes) expect(text).not.toMatch(new RegExp(`\\b${node.id}\\b(?!")`));
  });

  it('labels links with their confidence, stronger arrows for more, and keeps tiers stacked', () => {
    expect(text).toContain('  n9 ==>|"high confidence"| n6');
    expect(text).toContain('  n6 -->|"medium confidence"| n5');
    expect(text).toContain('  n8 -.->|"low confidence"| n5');
    expect(text).toContain('  n3 --> n2\n');
    // Invisible links from each tier to the next.
    expect(lines.filter((l) => l.includes('~~~'))).toHaveLength(5);
  });

  it('marks the nodes beyond the ceiling of accountability, and none when the programme answers for all', () => {
    expect(text).toContain('  class n1,n2 contributes\n');
    expect(text).toContain('  style contribution stroke-dasharray: 6 4\n');
    const all = TheoryOfChangeSchema.parse({ ...smallTocInput(), ceiling: { highestAccountableKind: 'impact' } });
    const whole = tocToMermaid(all);
    expect(whole).not.toContain('contributes');
    expect(whole).not.toContain('subgraph contribution');
  });

  it('writes each nasty title once, as a label', () => {
    const nasty = tocToMermaid(nastyToc());
    const labels = [...nasty.matchAll(/"[^"]*"/g)].map((m) => decode(m[0]));
    for (const title of NASTY_TITLES) expect(labels).toContain(title.split(/\r\n|\r|\n/).join('\n'));
    expect(nasty).not.toMatch(/%%|<script|-->\s*B/);
  });
});
