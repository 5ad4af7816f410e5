/**
 * The Mermaid export, checked by Mermaid itself. `mermaid.parse` needs a DOM (it sanitises with
 * DOMPurify, which has no window under Node), so it runs where evaluators' Mermaid runs: in
 * Chromium, with Mermaid's own browser bundle from node_modules loaded into a blank page (no
 * server, no network). The parser must accept every export, nasty titles included, and refuse
 * broken syntax; rendering shows every label as the same text and never as markup.
 */
import { readFileSync } from 'node:fs';
import { consentAsFiled } from '../../src/model/index.ts';
import { createRequire } from 'node:module';
import type { Mermaid } from 'mermaid';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierOf, type TheoryOfChange } from '../../src/model/index.ts';
import { familiesText } from '../../src/toc/export/wording.ts';
import { exportView, tocToMermaid } from '../../src/toc/index.ts';
import { exampleJourneys, NASTY_TITLES, nastyToc, smallToc } from '../fixtures/small-toc.ts';
import { launch, watchedPage } from './browser.ts';

declare const mermaid: Mermaid;

const bundle = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
const journeys = exampleJourneys();

let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launch();
  ({ page, problems } = await watchedPage(await browser.newContext()));
  await page.setContent('<!doctype html><html lang="en"><head><title>Mermaid</title></head><body></body></html>');
  await page.addScriptTag({ content: bundle });
  await page.evaluate(() => mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
});
afterAll(async () => {
  await browser?.close();
});

type Parsed = { ok: true; diagramType: string } | { ok: false; error: string };

const parse = (text: string): Promise<Parsed> =>
  page.evaluate(async (source) => {
    try {
      const result = await mermaid.parse(source);
      return { ok: true as const, diagramType: result ? result.diagramType : '' };
    } catch (error) {
      return { ok: false as const, error: String((error as Error).message ?? error) };
    }
  }, text);

/** Render, put the SVG in the page, and read each node's label back with its line breaks. */
const render = (text: string) =>
  page.evaluate(async (source) => {
    const { svg } = await mermaid.render(`diagram-${document.body.children.length}`, source);
    const host = document.createElement('div');
    host.innerHTML = svg;
    document.body.append(host);
    const labels = [...host.querySelectorAll<SVGGElement>('g.node')].map((node) => {
      const label = node.querySelector('.nodeLabel')!.cloneNode(true) as Element;
      for (const br of label.querySelectorAll('br')) br.replaceWith('\n');
      // Less the invisible word joiners the exporter puts between a backslash and an "n".
      return { id: node.id, text: (label.textContent ?? '').replace(/\u2060/g, '') };
    });
    const markup = host.querySelectorAll('script, img, iframe, a, b, object, embed').length;
    const texts = (selector: string) =>
      [...host.querySelectorAll(selector)].map((e) => e.textContent ?? '').filter((text) => text !== '');
    return {
      labels,
      markup,
      dashed: host.querySelectorAll('g.node.contributes').length,
      edgeLabels: texts('g.edgeLabel'),
      clusters: texts('.cluster-label'),
    };
  }, text);

const views: Record<string, TheoryOfChange> = {
  'evaluator view': exportView(smallToc(), journeys, {
    audience: 'evaluator',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
  'team view': exportView(smallToc(), journeys, {
    audience: 'team',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
  'nasty texts, team view': exportView(nastyToc(), journeys, {
    audience: 'team',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
  'nasty texts, evaluator view': exportView(nastyToc(), journeys, {
    audience: 'evaluator',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  }),
  'nasty texts, not counted': nastyToc(),
};

describe('Mermaid export, parsed and rendered by Mermaid in Chromium', () => {
  it('the check is real: the parser refuses broken syntax and an unescaped title', async () => {
    expect(await parse('flowchart BT\n  n1["fine"] --> n2')).toEqual({ ok: true, diagramType: 'flowchart-v2' });
    for (const broken of [
      'flowchart BT\n  n1["a"b"]',
      'flowchart BT\n  n1["open',
      'flowchart BT\n  subgraph x\n  n1 --> n2',
      'not a diagram at all',
      `flowchart BT\n  n1["${NASTY_TITLES[0]}"]`,
      `flowchart BT\n  n1["${NASTY_TITLES[4]}"]`,
    ]) {
      expect((await parse(broken)).ok, broken).toBe(false);
    }
  });

  it.each(Object.entries(views))('%s: parses as a flowchart', async (_name, view) => {
    expect(await parse(tocToMermaid(view, { minFamilies: 3 }))).toEqual({ ok: true, diagramType: 'flowchart-v2' });
  });

  it.each(Object.entries(views))('%s: renders every label as the same text, never as markup', async (_name, view) => {
    const { labels, markup, dashed, edgeLabels, clusters } = await render(tocToMermaid(view, { minFamilies: 3 }));
    expect(markup).toBe(0);
    const ordered = [...view.nodes].sort((a, b) => tierOf(b.kind) - tierOf(a.kind) || (a.id < b.id ? -1 : 1));
    expect(labels).toHaveLength(ordered.length);
    ordered.forEach((node, i) => {
      const families = familiesText(node.families, { minFamilies: 3 });
      const title = node.title.split(/\r\n|\r|\n/).join('\n');
      const drawn = labels.find((label) => label.id.startsWith(`diagram-`) && label.id.includes(`-n${i + 1}-`));
      expect(drawn?.text, node.id).toBe(families ? `${title}\n${families}` : title);
    });
    // Nodes above the ceiling of accountability carry the dashed class.
    const beyond = view.nodes.filter((n) => tierOf(n.kind) > tierOf(view.ceiling.highestAccountableKind)).length;
    expect(dashed).toBe(beyond);
    expect(clusters).toContain('Beyond the ceiling of accountability: the programme contributes');
    expect(clusters).toContain('Impact (beyond the ceiling: the programme contributes)');
    const confidences = view.links.flatMap((l) => (l.confidence ? [`${l.confidence} confidence`] : []));
    expect(edgeLabels.sort()).toEqual(confidences.sort());
    expect(problems).toEqual([]);
  });

  it('every nasty title is among the labels', async () => {
    const { labels } = await render(tocToMermaid(nastyToc()));
    const texts = labels.map((label) => label.text);
    for (const title of NASTY_TITLES) expect(texts).toContain(title.split(/\r\n|\r|\n/).join('\n'));
  });
});
