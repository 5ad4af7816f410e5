/**
 * The Markdown narrative, read back by a Markdown parser we did not write (marked, with GitHub's
 * extensions): the structure is exactly what the exporter made, and user text, however nasty,
 * comes out as the same text and never as structure, links or HTML.
 */
import { marked } from 'marked';
import { consentAsFiled } from '../../../src/model/index.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRESS_SCALE, TOC_NODE_KIND_LABELS, type TheoryOfChange } from '../../../src/model/index.ts';
import { tierSideText } from '../../../src/toc/export/wording.ts';
import { exportView, tocToMarkdown } from '../../../src/toc/index.ts';
import { exampleJourneys, NASTY_TITLES, nastyToc, smallToc } from '../../fixtures/small-toc.ts';

const journeys = exampleJourneys();
const html = (markdown: string) => marked.parse(markdown, { gfm: true, async: false });
const decode = (text: string) =>
  text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function headings(rendered: string): [number, string][] {
  return [...rendered.matchAll(/<h(\d)>([\s\S]*?)<\/h\1>/g)].map((m): [number, string] => [
    Number(m[1]),
    decode(m[2]!),
  ]);
}

function expectedHeadings(toc: TheoryOfChange): [number, string][] {
  const title = (id: string) => oneLine(toc.nodes.find((n) => n.id === id)!.title);
  const kinds = Object.keys(TOC_NODE_KIND_LABELS) as (keyof typeof TOC_NODE_KIND_LABELS)[];
  return [
    [1, oneLine(toc.title)],
    [2, 'Ceiling of accountability'],
    ...kinds.flatMap((kind): [number, string][] => {
      const nodes = toc.nodes.filter((n) => n.kind === kind).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (nodes.length === 0) return [];
      return [
        [2, `${TOC_NODE_KIND_LABELS[kind]} (${tierSideText(kind, toc.ceiling)})`],
        ...nodes.map((n): [number, string] => [3, oneLine(n.title)]),
      ];
    }),
    [2, 'How change happens'],
    ...[...toc.links]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((l): [number, string] => [3, `${title(l.from)} → ${title(l.to)}`]),
    [2, 'Indicators'],
    [2, 'Assumptions'],
  ];
}

describe('tocToMarkdown', () => {
  const views = {
    'invited view': exportView(smallToc(), journeys, {
      audience: 'invited',
      minFamilies: 3,
      consentOf: consentAsFiled(journeys),
    }),
    'team view of nasty texts': exportView(nastyToc(), journeys, {
      audience: 'team',
      minFamilies: 3,
      consentOf: consentAsFiled(journeys),
    }),
    'evaluator view of nasty texts': exportView(nastyToc(), journeys, {
      audience: 'evaluator',
      minFamilies: 1,
      consentOf: consentAsFiled(journeys),
    }),
  };

  it.each(Object.entries(views))(
    '%s: the headings are exactly the title, the tiers, the nodes and the links',
    (_n, view) => {
      expect(headings(html(tocToMarkdown(view)))).toEqual(expectedHeadings(view));
    },
  );

  it.each(Object.entries(views))('%s: user text never becomes links, images, code, emphasis or HTML', (_n, view) => {
    const rendered = html(tocToMarkdown(view, { minFamilies: 3 }));
    for (const tag of ['script', 'img', 'a', 'em', 'del', 'code', 'pre', 'hr', 'ol', 'h4', 'b', 'input', 'iframe']) {
      expect(rendered, `<${tag}>`).not.toMatch(new RegExp(`<${tag}[\\s>]`));
    }
    const strong = [...rendered.matchAll(/<strong>(.*?)<\/strong>/g)].map((m) => m[1]);
    expect(new Set(strong)).toEqual(
      new Set(['Families:', 'Makes rarer:', 'Progress:', 'Confidence:', 'Interventions:', 'Assumptions:']),
    );
    const quoted = [...view.nodes, ...view.links].flatMap((e) => e.evidence).filter((e) => e.quote).length;
    expect(rendered.split('<blockquote>').length - 1).toBe(quoted);
  });

  it('nasty titles come out as the same text', () => {
    const view = views['team view of nasty texts'];
    const text = oneLine(decode(html(tocToMarkdown(view))));
    for (const title of NASTY_TITLES) expect(text).toContain(oneLine(title));
    // Multi-line text keeps its lines (hard breaks), not new paragraphs or blocks.
    const summary = html(tocToMarkdown(view)).split('<h2>')[0]!;
    expect(summary.match(/<br>/g)?.length).toBe(NASTY_TITLES.join('\n').split(/\r\n|\n/).length - 1);
  });

  it('tables keep their columns whatever the cells hold', () => {
    const rendered = html(tocToMarkdown(views['team view of nasty texts']));
    const tables = [...rendered.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
    expect(tables).toHaveLength(2);
    for (const [table, columns] of [
      [tables[0]!, 10],
      [tables[1]!, 4],
    ] as const) {
      const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row.match(/<t[hd][\s>]/g)).toHaveLength(columns);
    }
  });

  it('says the ceiling, the families, the outcomes reduced and the progress in the scale’s words', () => {
    const md = tocToMarkdown(views['invited view'], { minFamilies: 3, scale: DEFAULT_PROGRESS_SCALE });
    expect(md).toContain(
      'The programme holds itself to account for activities, outputs, preconditions and intermediate outcomes. ' +
        'It contributes to long-term outcomes and impact, which depend on more than the programme.',
    );
    expect(md).toContain('## Impact (beyond the ceiling: the programme contributes)');
    expect(md).toContain('## Activity (the programme is accountable)');
    expect(md).toContain('- **Families:** 4 families');
    expect(md).toContain('- **Families:** 1 family');
    expect(md).toContain('- **Makes rarer:** Persistent absence from school, Permanent school exclusion');
    expect(md).toContain(
      '- **Progress:** families move from 2 Opening up to at least 4 Making it work on Stuck to independence',
    );
    expect(md).toContain('- **Confidence:** high');
    expect(md).toContain('  - Drop by every day for a week');
    expect(md).toMatch(/\| Families at Making it work or above; reaching 4 Making it work \|/);
    // Without the scale, the level's number.
    expect(tocToMarkdown(views['invited view'])).toContain(
      'families reach at least level 5 on scale stuck-to-independence',
    );
  });
});
