/**
 * An evaluator pulls a theory of change for their own tools. The facilitator drafts it with the
 * home page's form and makes the evaluator's token on its invite page, by the form's button,
 * reading the token off the page. The evaluator then works as evaluators do, outside the
 * browser (Node's fetch standing in for curl): every export format, each checked by a tool
 * that reads it: ajv for the JSON against its published schema, Graphviz for DOT, Mermaid's own
 * parser, a Markdown lexer and a CSV reader. Without a token, or with a participant's, the API
 * refuses.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { marked } from 'marked';
import type { Mermaid } from 'mermaid';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_TABLE_IDS, EXPORT_DOCUMENTS } from '../../src/toc/index.ts';
import { useServer } from '../server/harness.ts';
import { launch, signIn, snap, submitWith, watchedPage } from './browser.ts';

declare const mermaid: Mermaid;

const running = useServer();
let browser: Browser;
let page: Page;
let problems: string[];
let tocId = '';
let evaluatorToken = '';
let participantToken = '';

const TITLE = 'What helped families, for the evaluation';
/** Graphviz from the system (apt's graphviz), as in the unit tests. */
const DOT = process.env.GRAPHVIZ_DOT ?? 'dot';

beforeAll(async () => {
  browser = await launch();
  ({ page, problems } = await watchedPage(await browser.newContext({ viewport: { width: 1400, height: 900 } })));
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
});

const api = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${running.current.url}${path.replace(/^\//, '')}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('an evaluator pulls a theory of change through the API', () => {
  it('the facilitator drafts a theory of change with the home page’s form', async () => {
    await signIn(page, running.current);
    const form = page
      .locator('form')
      .filter({ has: page.getByRole('button', { name: 'Draft the theory of change', exact: true }) });
    await form.getByLabel('Title', { exact: true }).fill(TITLE);
    const drafted = await submitWith(form.getByRole('button', { name: 'Draft the theory of change' }));
    expect(drafted.status, 'drafting').toBe(303);
    expect(drafted.landedStatus).toBe(200);
    tocId = /\/toc\/([\w-]+)$/.exec(drafted.landedUrl)?.[1] ?? '';
    expect(tocId).not.toBe('');
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(problems).toEqual([]);
  });

  it('makes an evaluator token on the invite page, with the form’s button, and reads it off the page', async () => {
    await page.getByRole('link', { name: 'Invite people or an evaluator' }).click();
    await page.waitForURL(`${running.current.url}toc/${tocId}/invite`);
    await page.getByRole('heading', { level: 1, name: `Invite people to “${TITLE}”` }).waitFor();

    await page
      .getByLabel('They join as')
      .selectOption({ label: 'evaluator (a read-only page and exports, pseudonymised)' });
    await page.getByLabel('It works for').selectOption({ label: '30 days' });
    const made = await submitWith(page.getByRole('button', { name: 'Make the invite' }));
    // Made, it answers 303 back to the invite page, which shows the token once.
    expect([made.status, made.landedStatus], 'making the evaluator token').toEqual([303, 200]);
    expect(made.landedUrl).toBe(`${running.current.url}toc/${tocId}/invite`);
    await page.getByText(/^Evaluator token, until /).waitFor();
    evaluatorToken = (
      (await page
        .getByRole('code')
        .filter({ hasText: /^[\w-]+\.[\w-]+$/ })
        .textContent()) ?? ''
    ).trim();
    expect(evaluatorToken).toMatch(/^[\w-]+\.[\w-]+$/);
    await snap(page, 'evaluator-01-token');

    // A participant's invite, made the same way, for the refusal below.
    await page.getByLabel('They join as').selectOption({ label: 'participant (can add and change)' });
    await page.getByLabel('It works for').selectOption({ label: '4 hours (one workshop)' });
    const invited = await submitWith(page.getByRole('button', { name: 'Make the invite' }));
    expect([invited.status, invited.landedStatus], 'making a participant invite').toEqual([303, 200]);
    const link = ((await page.getByRole('link', { name: /\?invite=/ }).textContent()) ?? '').trim();
    participantToken = new URL(link).searchParams.get('invite') ?? '';
    expect(participantToken).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(problems).toEqual([]);
  });

  it('the JSON validates against the schema published at its stable address', async () => {
    const schema = await api('/schema/theory-of-change/v1.json');
    expect(schema.status).toBe(200);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile((await schema.json()) as object);

    const response = await api(`/api/toc/${tocId}?format=json`, bearer(evaluatorToken));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const toc = (await response.json()) as { id: string; title: string; nodes: unknown[] };
    expect(validate(toc), JSON.stringify(validate.errors)).toBe(true);
    expect(toc.id).toBe(tocId);
    expect(toc.title).toBe(TITLE);
    expect(toc.nodes.length).toBeGreaterThan(0);
  });

  it('the Markdown reads as a document with the title as its heading', async () => {
    const response = await api(`/api/toc/${tocId}?format=md`, bearer(evaluatorToken));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    const tokens = marked.lexer(await response.text());
    const headings = tokens.filter((t) => t.type === 'heading') as { depth: number; text: string }[];
    expect(headings[0]).toMatchObject({ depth: 1, text: TITLE });
    expect(headings.length).toBeGreaterThan(1);
  });

  it('the DOT renders with Graphviz, with no error or warning', async () => {
    const response = await api(`/api/toc/${tocId}?format=dot`, bearer(evaluatorToken));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/vnd\.graphviz/);
    const rendered = spawnSync(DOT, ['-Tsvg'], { input: await response.text(), encoding: 'utf8', timeout: 30_000 });
    if (rendered.error) throw rendered.error;
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toMatch(/<svg[\s>]/);
  });

  it('the Mermaid parses with Mermaid itself', async () => {
    const response = await api(`/api/toc/${tocId}?format=mermaid`, bearer(evaluatorToken));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/vnd\.mermaid/);
    const text = await response.text();
    // Mermaid needs a DOM: its own browser bundle, in a blank page, as an evaluator's viewer runs it.
    const bundle = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
    const viewer = await watchedPage(page.context());
    await viewer.page.setContent(
      '<!doctype html><html lang="en"><head><title>Mermaid</title></head><body></body></html>',
    );
    await viewer.page.addScriptTag({ content: bundle });
    const parsed = await viewer.page.evaluate(async (source) => {
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        const result = await mermaid.parse(source);
        return result ? result.diagramType : 'not a diagram';
      } catch (error) {
        return `refused: ${String((error as Error).message ?? error)}`;
      }
    }, text);
    expect(parsed).toMatch(/^flowchart/);
    expect(viewer.problems).toEqual([]);
    await viewer.page.close();
  });

  it('both CSV tables read as rectangular tables with a header', async () => {
    for (const table of CSV_TABLE_IDS) {
      const response = await api(`/api/toc/${tocId}?format=csv&table=${table}`, bearer(evaluatorToken));
      expect(response.status, table).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = readCsv(await response.text());
      expect(rows.length, `${table}: a header and rows`).toBeGreaterThan(1);
      const width = rows[0]!.length;
      expect(width).toBeGreaterThan(1);
      for (const [index, row] of rows.entries()) expect(row.length, `${table} row ${index}`).toBe(width);
    }
  });

  it('refuses without a token (401) and with a participant’s token (403)', async () => {
    for (const { id, query } of EXPORT_DOCUMENTS) {
      expect((await api(`/api/toc/${tocId}?${query}`)).status, `${id}, no token`).toBe(401);
      expect(
        (await api(`/api/toc/${tocId}?${query}`, bearer(participantToken))).status,
        `${id}, a participant’s token`,
      ).toBe(403);
    }
  });
});

/** RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else if (c === '\n' || c === '\r') endRow();
    else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
