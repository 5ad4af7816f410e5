/**
 * The journey's outputs (issue 17; server/outputs/) from a real server, read back by tools we did
 * not write: the SVG parses as XML (`xmllint`) and names every stage; the PNG decodes
 * (`pngcheck`) at its real size; the PDFs are A4 or A3 landscape with the pages a tiled journey
 * needs (`pdfinfo`), their text readable (`pdftotext`) and their pages drawable (`pdftoppm`).
 * "Safe to take home" holds none of a cost event's, a practitioner's or a staff summary's words.
 * Journeys of 17 and 300 stages; only staff of the journey's project may download, and the
 * family their take-home print once staff have offered it for that journey.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJourney, userOrigin, editStage } from '../../src/doc/index.ts';
import type { StageId } from '../../src/model/index.ts';
import { largeJourney } from '../fixtures/large-journey.ts';
import {
  connect,
  exampleId,
  projectId,
  signedInStaff,
  storedId,
  synced,
  token,
  useServer,
  waitFor,
} from './harness.ts';
import { openInvite, postForm, turningPoints } from './visitors.ts';
import { tool } from './tools.ts';

const server = useServer();
const work = mkdtempSync(join(tmpdir(), 'tp-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let cookie = '';
let SEVENTEEN = '';
let THREE_HUNDRED = '';

const get = (path: string, as = cookie) =>
  fetch(new URL(path, server.current.url), { redirect: 'manual', headers: as ? { cookie: as } : {} });

/** Download one output to a file; its size in bytes and how long the server took, in ms. */
async function download(docId: string, file: string): Promise<{ path: string; bytes: number; ms: number }> {
  const started = performance.now();
  const response = await get(`/journeys/${docId}/download/${file}`);
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  expect(response.status, `${file} of ${docId}`).toBe(200);
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="journey-${docId}-${file}"`);
  const path = join(work, `${docId}-${file}`);
  writeFileSync(path, body);
  return { path, bytes: body.byteLength, ms };
}

beforeAll(async () => {
  ({ cookie } = await signedInStaff(server.current, 'facilitator'));
  SEVENTEEN = exampleId(server.current, 'family-action-single-mother');
  const file = join(work, 'long.json');
  writeFileSync(file, JSON.stringify({ ...largeJourney(300), title: 'Three hundred stages' }));
  turningPoints(server.current, 'import', file, '--project', 'Family journeys');
  THREE_HUNDRED = storedId(server.current, 'Three hundred stages');
});

/** Sizes and times, said at the end. */
const figures: string[] = [];

describe('the map as SVG, PNG and PDF', () => {
  for (const [name, stages] of [
    ['17-stage', 17],
    ['300-stage', 300],
  ] as const) {
    it(`a ${name} journey: the SVG parses and names every stage; the PNG decodes at its size`, async () => {
      const docId = stages === 17 ? SEVENTEEN : THREE_HUNDRED;
      const svg = await download(docId, 'map.svg');
      tool('xmllint', '--noout', svg.path);
      const titles = tool('xmllint', '--xpath', "//*[local-name()='g']/*[local-name()='title']/text()", svg.path);
      const named = titles.match(/Stage \d+: /g) ?? [];
      expect(named).toHaveLength(stages);
      // Every stage's title, as a stock client reads the journey.
      const reader = connect(server.current, docId, token(server.current, docId, 'viewer'));
      await synced(reader);
      const stageTitles = readJourney(reader.doc).journey.stages.map((stage, i) => `Stage ${i + 1}: ${stage.title}`);
      reader.destroy();
      expect(stageTitles).toHaveLength(stages);
      for (const title of stageTitles) expect(titles).toContain(title);
      const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(readFileSync(svg.path, 'utf8').slice(0, 300))![1]);

      const png = await download(docId, 'map.png');
      const checked = tool('pngcheck', '-v', png.path);
      expect(checked).toMatch(/No errors detected/);
      const [, w, h] = /(\d+) x (\d+) image/.exec(checked)!;
      expect(Number(w)).toBeGreaterThanOrEqual(Math.round(width * 0.5));
      expect(Number(w) * Number(h)).toBeLessThanOrEqual(12_000_000 * 1.01);
      figures.push(
        `${name}: SVG ${(svg.bytes / 1024).toFixed(0)} KiB in ${svg.ms.toFixed(0)} ms; PNG ${w}×${h}, ${(png.bytes / 1024).toFixed(0)} KiB in ${png.ms.toFixed(0)} ms`,
      );
    });

    it(`a ${name} journey: the PDF on A4 and A3, landscape, tiled in story order with page numbers`, async () => {
      const docId = stages === 17 ? SEVENTEEN : THREE_HUNDRED;
      for (const [paper, perPage, size] of [
        ['a4', 3, '841.89 x 595.28 pts (A4)'],
        ['a3', 4, '1190.55 x 841.89 pts (A3)'],
      ] as const) {
        const pdf = await download(docId, `map-${paper}.pdf`);
        const info = tool('pdfinfo', pdf.path);
        const pages = Math.ceil(stages / perPage);
        expect(info).toMatch(new RegExp(`Pages:\\s+${pages}\\n`));
        expect(info).toContain(`Page size:       ${size}`);
        const text = tool('pdftotext', '-layout', pdf.path, '-');
        // In story order: page after page, the next stages.
        for (let page = 1; page <= pages; page++) {
          const first = (page - 1) * perPage + 1;
          const last = Math.min(stages, page * perPage);
          expect(text).toContain(`Page ${page} of ${pages} · stages ${first} to ${last} of ${stages}`);
        }
        tool('pdftoppm', '-r', '30', '-f', '1', '-l', '1', '-png', pdf.path, join(work, `${docId}-${paper}-page`));
        const drawn = readdirSync(work).find((f) => f.startsWith(`${docId}-${paper}-page`))!;
        expect(tool('pngcheck', join(work, drawn))).toMatch(/^OK:/);
        figures.push(
          `${name}: PDF ${paper.toUpperCase()} ${pages} pages, ${(pdf.bytes / 1024).toFixed(0)} KiB in ${pdf.ms.toFixed(0)} ms`,
        );
      }
    });
  }
});

describe('"Safe to take home"', () => {
  it('holds the family’s words, levels and feelings in large type, and none of a cost event’s, a practitioner’s or a staff summary’s', async () => {
    // A practitioner's words on one stage, through a stock client as a worker's tablet would write them.
    const MARKER = 'PRACTITIONER-MARKER-need-to-escalate';
    const worker = connect(server.current, SEVENTEEN, token(server.current, SEVENTEEN, 'facilitator'));
    await synced(worker);
    const stage = readJourney(worker.doc).journey.stages[5]!;
    editStage(worker.doc, stage.id as StageId, { voice: 'practitioner', title: MARKER }, userOrigin('worker'));
    await waitFor(
      async () => (await (await get(`/journeys/${SEVENTEEN}/list`)).text()).includes(MARKER),
      5000,
      'stored',
    );
    worker.destroy();
    const list = await (await get(`/journeys/${SEVENTEEN}/list`)).text();
    // Words the staff page holds that must never go home: a cost event's, the staff summary's.
    const costWords = 'Domestic abuse incident';
    const summaryWords = 'Leanne left a violent relationship';
    expect(list).toContain(costWords);

    const pdf = await download(SEVENTEEN, 'take-home.pdf');
    const text = tool('pdftotext', pdf.path, '-');
    expect(text).toContain('Our journey');
    expect(text).toContain('Living with their dad');
    expect(text).toContain('Where we were: Stuck (1 of 5)');
    expect(text).toContain('How it felt: Very low');
    for (const never of [MARKER, costWords, summaryWords, '£']) expect(text).not.toContain(never);
    // Large type: the stage headlines are set at 24 pt.
    expect(tool('pdffonts', pdf.path)).toMatch(/DejaVuSans-Bold/);
  });
});

describe('who may download', () => {
  it('the map: only staff of the journey’s project; a family member with an invite, a stranger and another project are refused', async () => {
    const invited = await openInvite(
      server.current,
      `/journeys/${SEVENTEEN}`,
      token(server.current, SEVENTEEN, 'participant'),
    );
    const family = invited.jar.header(`/journeys/${SEVENTEEN}/download/map.svg`);
    const elsewhere = (await signedInStaff(server.current, 'facilitator', projectId(server.current, 'Elsewhere')))
      .cookie;
    for (const file of ['map.svg', 'map.png', 'map-a4.pdf', 'take-home.pdf']) {
      const path = `/journeys/${SEVENTEEN}/download/${file}`;
      expect((await get(path, '')).status, `${file} signed out`).toBe(401);
      expect((await get(path, elsewhere)).status, `${file} by another project`).toBe(403);
      // The take-home print is refused to the family as not offered yet (403), the map as staff-only (401).
      expect((await get(path, family)).status, `${file} by a family member`).toBe(file === 'take-home.pdf' ? 403 : 401);
    }
    expect((await get(`/journeys/${SEVENTEEN}/download/map.docx`)).status).toBe(404);
  });

  it('the take-home print: the family’s once staff offer it for this journey (participants and facilitators, never viewers), and no longer once taken back', async () => {
    const path = `/journeys/${SEVENTEEN}/download/take-home.pdf`;
    const holders = await Promise.all(
      (['participant', 'facilitator', 'viewer'] as const).map(async (role) => {
        const opened = await openInvite(
          server.current,
          `/journeys/${SEVENTEEN}`,
          token(server.current, SEVENTEEN, role),
        );
        return [role, opened.jar.header(path)] as const;
      }),
    );
    const settings = async (form: string) =>
      expect((await postForm(server.current, `/journeys/${SEVENTEEN}/settings`, { form }, cookie)).status).toBe(303);
    await settings('offer-take-home');
    for (const [role, jar] of holders) {
      const response = await get(path, jar);
      expect(response.status, role).toBe(role === 'viewer' ? 403 : 200);
      if (role !== 'viewer') expect(response.headers.get('content-type')).toBe('application/pdf');
    }
    await settings('withdraw-take-home');
    for (const [role, jar] of holders) expect((await get(path, jar)).status, role).toBe(403);
  });

  it('says the sizes and times measured above', async ({ annotate }) => {
    expect(figures.length).toBeGreaterThan(0);
    await annotate(figures.join('; '));
  });
});
