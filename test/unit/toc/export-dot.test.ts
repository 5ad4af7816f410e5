/**
 * The DOT export, rendered by Graphviz's own `dot` (installed by CI): no errors, no warnings,
 * every node's title in the picture as the same text, tiers stacked bottom to top and the side
 * beyond the ceiling of accountability drawn dashed.
 */
import { spawnSync } from 'node:child_process';
import { consentAsFiled } from '../../../src/model/index.ts';
import { describe, expect, it } from 'vitest';
import { tierOf, type TheoryOfChange } from '../../../src/model/index.ts';
import { familiesText } from '../../../src/toc/export/wording.ts';
import { dotLabel, exportView, tocToDot } from '../../../src/toc/index.ts';
import { exampleJourneys, NASTY_TITLES, nastyToc, smallToc } from '../../fixtures/small-toc.ts';

const journeys = exampleJourneys();

/** Graphviz from the system (apt's graphviz; CI installs it), not from npm. */
const DOT = process.env.GRAPHVIZ_DOT ?? 'dot';

function render(dot: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(DOT, ['-Tsvg'], { input: dot, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return result;
}

const xmlText = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');

interface SvgNode {
  id: string;
  text: string;
  y: number;
}

/** Each node's generated id, its label's lines joined by spaces, and where it is drawn. */
function svgNodes(svg: string): SvgNode[] {
  return [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>(.*?)<\/title>([\s\S]*?)<\/g>/g)].map((m) => {
    const texts = [...m[2]!.matchAll(/<text[^>]*y="([-\d.]+)"[^>]*>([\s\S]*?)<\/text>/g)];
    return {
      id: m[1]!,
      text: texts.map((t) => xmlText(t[2]!)).join(' '),
      y: Number(texts[0]?.[1]),
    };
  });
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('tocToDot', () => {
  const views: Record<string, TheoryOfChange> = {
    'invited view': exportView(smallToc(), journeys, {
      audience: 'invited',
      minFamilies: 3,
      consentOf: consentAsFiled(journeys),
    }),
    'team view': exportView(smallToc(), journeys, {
      audience: 'team',
      minFamilies: 3,
      consentOf: consentAsFiled(journeys),
    }),
    'nasty texts': exportView(nastyToc(), journeys, {
      audience: 'team',
      minFamilies: 3,
      consentOf: consentAsFiled(journeys),
    }),
    'nasty texts, not counted': nastyToc(),
  };

  it.each(Object.entries(views))('%s: dot renders it without a word of complaint', (_name, view) => {
    const { status, stdout, stderr } = render(tocToDot(view, { minFamilies: 3 }));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^<\?xml/);
  });

  it.each(Object.entries(views))('%s: every node is drawn with its title as the same text', (_name, view) => {
    const nodes = svgNodes(render(tocToDot(view, { minFamilies: 3 })).stdout);
    expect(nodes).toHaveLength(view.nodes.length);
    const ordered = [...view.nodes].sort((a, b) => tierOf(b.kind) - tierOf(a.kind) || (a.id < b.id ? -1 : 1));
    ordered.forEach((node, i) => {
      const families = familiesText(node.families, { minFamilies: 3 });
      const drawn = nodes.find((n) => n.id === `n${i + 1}`)!;
      expect(drawn.text).toBe(oneLine(families ? `${node.title} (${families})` : node.title));
    });
  });

  it('nasty titles survive: quotes, backslashes, entities, markup and newlines', () => {
    const svg = render(tocToDot(nastyToc())).stdout;
    const text = svgNodes(svg)
      .map((n) => n.text)
      .join('\n');
    for (const title of NASTY_TITLES) expect(text).toContain(oneLine(title));
    expect(svg).not.toMatch(/<script|<img|<b>/);
  });

  it('draws activities at the bottom and impact at the top, the contributed-to side dashed', () => {
    const view = views['invited view']!;
    const svg = render(tocToDot(view)).stdout;
    const nodes = svgNodes(svg);
    const yOf = (kind: string) =>
      view.nodes
        .filter((node) => node.kind === kind)
        .map((node) => nodes.find((n) => n.text.startsWith(oneLine(node.title)))!.y);
    // SVG y grows downwards: each tier is drawn above (smaller y than) the one below it.
    const tiers = ['impact', 'long-term-outcome', 'intermediate-outcome', 'precondition', 'output', 'activity'];
    for (let t = 0; t < tiers.length - 1; t++) {
      expect(Math.max(...yOf(tiers[t]!))).toBeLessThan(Math.min(...yOf(tiers[t + 1]!)));
    }
    const cluster = (name: string) =>
      svg.match(new RegExp(`<title>cluster_${name}</title>\\s*<polygon[^>]*>`))?.[0] ?? '';
    expect(cluster('contribution')).toMatch(/stroke-dasharray/);
    expect(cluster('accountability')).not.toMatch(/stroke-dasharray/);
    expect(svg).toContain('Beyond the ceiling of');
  });

  it('the check is real: dot refuses broken syntax and a label with a bare quote', () => {
    expect(render('digraph { a -> }').status).not.toBe(0);
    const title = NASTY_TITLES[0]!;
    expect(render(`digraph { a [label="${title}"]; }`).status).not.toBe(0);
    expect(render(`digraph { a [label=${dotLabel(title)}]; }`)).toMatchObject({ status: 0, stderr: '' });
  });
});
