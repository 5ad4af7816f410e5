/** The command line as a user runs it: a real process, real files, real SQLite. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSecret } from '../../server/auth/secret.ts';
import { loadReferenceData } from '../../server/reference-data.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { renderToc } from '../../server/toc-export.ts';
import { UNIT_COST_COLUMNS } from '../../src/costs/index.ts';
import { grantIdOf } from '../../server/auth/tokens.ts';
import { CURRENT_SCHEMA_VERSION, type Journey } from '../../src/model/index.ts';
import { EXPORT_DOCUMENTS } from '../../src/toc/index.ts';
import { smallJourney, smallJourneyInput } from '../fixtures/small-journey.ts';
import { COMPILE_CACHE_ENV } from '../compile-cache.ts';

const root = new URL('../../', import.meta.url).pathname;
let work: string;
let dataDir: string;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'server/cli.ts'), ...args], {
    cwd: work,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...COMPILE_CACHE_ENV },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeJson(name: string, value: unknown): string {
  const file = join(work, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tp-cli-'));
  dataDir = join(work, 'data');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('turning-points validate', () => {
  it('accepts every example journey', () => {
    const dir = join(root, 'journeys');
    const files = readdirSync(dir).map((name) => join(dir, name));
    const { code, stdout, stderr } = cli('validate', ...files);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(files.length);
  });

  const badFiles: [string, unknown, RegExp][] = [
    [
      'malformed JSON',
      '{\n  "schemaVersion": 2,\n  "id": oops\n}',
      /^bad\.json: \$: is not valid JSON at line 3, column 9/,
    ],
    [
      'an unknown schemaVersion',
      { ...smallJourneyInput(), schemaVersion: 7 },
      /^bad\.json: \$\.schemaVersion: schemaVersion 7 is newer than/,
    ],
    ['a missing field', { ...smallJourneyInput(), title: undefined }, /^bad\.json: \$\.title: is missing/],
    [
      'a link to a stage that does not exist',
      { ...smallJourneyInput(), links: [{ id: 'l1', from: 's1', to: 's404' }] },
      /^bad\.json: \$\.links\[0\]\.to: refers to stage "s404", which this journey does not have/,
    ],
    [
      'a duplicate id',
      {
        ...smallJourneyInput(),
        stages: [...(smallJourneyInput().stages as object[]), { id: 's2', title: 'Again', order: 9 }],
      },
      /^bad\.json: \$\.stages\[3\]\.id: duplicate id "s2"/,
    ],
  ];
  it.each(badFiles)('rejects %s, naming file, path and reason, and writes nothing', (_, content, message) => {
    writeJson('bad.json', content);
    const { code, stdout, stderr } = cli('validate', 'bad.json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('rejects two files that claim the same journey id', () => {
    writeJson('a.json', smallJourneyInput());
    writeJson('b.json', smallJourneyInput());
    const { code, stderr } = cli('validate', 'a.json', 'b.json');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('b.json: $.id: duplicate journey id "test-journey" (also in a.json)');
  });

  it('names a file that does not exist', () => {
    const { code, stderr } = cli('validate', 'missing.json');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('missing.json: no such file');
  });
});

/** Import a file; the new journey's id, as the import printed it. */
function importedId(file: string, ...options: string[]): string {
  const imported = cli('import', file, ...options);
  expect(imported).toMatchObject({ code: 0, stderr: '' });
  return /^imported ".*" as (j_[0-9a-z]{16})$/m.exec(imported.stdout)![1]!;
}

describe('turning-points import and export', () => {
  it('imports a journey into storage under a new random id, printed, and exports it by that id', () => {
    writeJson('j.json', smallJourneyInput());
    const id = importedId('j.json');
    const exported = cli('export', id);
    expect(exported.code).toBe(0);
    const journey = JSON.parse(exported.stdout) as Journey;
    expect(journey.id).toBe(id);
    // The same journey, every record under a new id: the file's ids are never stored.
    expect(journey.stages.map((s) => [s.title, s.words])).toEqual(smallJourney().stages.map((s) => [s.title, s.words]));
    for (const old of ['"s1"', '"s2"', '"l1"', '"test-journey"']) expect(exported.stdout).not.toContain(old);
  });

  it('migrates an old file on import', () => {
    const v1 = readFileSync(join(root, 'test/fixtures/migrations/v1.json'), 'utf8');
    writeJson('old.json', v1);
    const exported = JSON.parse(cli('export', importedId('old.json')).stdout);
    expect(exported.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(exported.stages[0].when).toEqual({ kind: 'year', year: 2013 });
  });

  it('always adds a new journey: importing a file twice stores two, and --replace is refused', () => {
    writeJson('j.json', smallJourneyInput());
    const first = importedId('j.json');
    writeJson('j.json', { ...smallJourneyInput(), title: 'Changed' });
    const second = importedId('j.json');
    expect(second).not.toBe(first);
    expect(JSON.parse(cli('export', first).stdout).title).toBe('A test journey');
    expect(JSON.parse(cli('export', second).stdout).title).toBe('Changed');

    const replace = cli('import', 'j.json', '--replace');
    expect(replace.code).toBe(2);
    expect(replace.stderr).toMatch(/^import: --replace: an import always adds a new journey/);
  });

  it('writes nothing for a bad file, not even the data folder', () => {
    writeJson('bad.json', { ...smallJourneyInput(), links: [{ id: 'l1', from: 's1', to: 'nowhere' }] });
    const { code, stderr } = cli('import', 'bad.json');
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.json: \$\.links\[0\]\.to:/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('exports to a file, and says when there is no such journey', () => {
    writeJson('j.json', smallJourneyInput());
    const id = importedId('j.json');
    expect(cli('export', id, '--out', 'out.json').code).toBe(0);
    expect(readFileSync(join(work, 'out.json'), 'utf8')).toBe(`${cli('export', id).stdout.trimEnd()}\n`);
    expect(readdirSync(work).filter((name) => name.includes('.tmp'))).toEqual([]);
    const missing = cli('export', 'nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no journey with id "nobody"/);
  });
});

describe('turning-points usage', () => {
  it('explains an unknown command and bad environment, exiting 2', () => {
    expect(cli('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "frobnicate"/) });
    const bad = spawnSync(process.execPath, [join(root, 'server/cli.ts'), 'export', 'x'], {
      cwd: work,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'chatty' },
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/LOG_LEVEL/);
  });
});

describe('turning-points token', () => {
  it('records a grant for one stored document and role (listed and revocable like the invite page’s), and prints its token', async () => {
    writeJson('j.json', smallJourneyInput());
    const journeyId = importedId('j.json');
    const viewer = cli('token', '--doc', journeyId, '--role', 'viewer', '--hours', '2');
    expect(viewer).toMatchObject({ code: 0, stderr: '' });
    const evaluator = cli('token', '--doc', journeyId, '--role', 'evaluator');
    expect(evaluator.code).toBe(0);

    const secret = loadSecret(dataDir, undefined);
    const store = await openSqliteStore(dataDir);
    try {
      const viewerId = grantIdOf(secret, viewer.stdout.trim());
      const evaluatorId = grantIdOf(secret, evaluator.stdout.trim());
      expect(viewerId, 'the printed token is signed with the server’s secret').toBeDefined();
      const grants = await store.access.listGrants(journeyId);
      const byId = new Map(grants.map((grant) => [grant.id, grant]));
      expect(byId.get(viewerId!)).toMatchObject({
        kind: 'invite',
        docId: journeyId,
        role: 'viewer',
        createdBy: 'cli',
      });
      expect(byId.get(evaluatorId!)).toMatchObject({ kind: 'evaluator', role: 'evaluator', createdBy: 'cli' });
      const hoursLeft = (iso: string) => (Date.parse(iso) - Date.now()) / 3600_000;
      expect(hoursLeft(byId.get(viewerId!)!.expiresAt)).toBeGreaterThan(1.9);
      expect(hoursLeft(byId.get(viewerId!)!.expiresAt)).toBeLessThanOrEqual(2);
      expect(hoursLeft(byId.get(evaluatorId!)!.expiresAt), 'the default, 24 hours').toBeGreaterThan(23.9);
      // Both in the audit log, by the CLI, naming the grant and never the token.
      const issued = (await store.access.listAudit({ docId: journeyId })).filter((row) => row.actor === 'cli');
      expect(issued.map((row) => [row.action, row.subject, row.detail]).sort()).toEqual(
        [
          ['evaluator-token.issue', evaluatorId, 'evaluator'],
          ['invite.issue', viewerId, 'viewer'],
        ].sort(),
      );
      expect(JSON.stringify(issued)).not.toContain(viewer.stdout.trim().split('.')[1]);
    } finally {
      await store.close();
    }
  });

  it('names the bad option and exits 2; a document that is not stored gets no token', () => {
    const { code, stderr } = cli('token', '--doc', 'a journey', '--role', 'boss');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--doc: must be a document id/);
    expect(stderr).toMatch(/--role:/);
    const missing = cli('token', '--doc', 'no-such-journey', '--role', 'viewer');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toBe('token: --doc: there is no document "no-such-journey"');
  });
});

describe('turning-points import-costs and import-deflator', () => {
  const header = UNIT_COST_COLUMNS.join(',');
  const row = (code: string, amount: string, year = '2019/20') =>
    `${code},Local police call-out,police_callout,Per incident,Police,,fiscal,${amount},${year},G,G,no,"Our force's finance team, 2020",Our table,CC BY 4.0`;

  it('names every bad row by line and column and imports nothing', () => {
    writeJson('mine.csv', [header, row('P1', '120'), row('P2', 'lots'), row('P3', '80', '2019/21')].join('\n'));
    const { code, stderr } = cli(
      'import-costs',
      'mine.csv',
      '--id',
      'town-2020',
      '--attribution',
      'Town Council finance team, 2020',
    );
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^mine\.csv: line 3, amount_gbp: /),
      expect.stringMatching(/^mine\.csv: line 4, price_year: /),
    ]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('imports a good table and deflator series, which the server then prices with', async () => {
    writeJson('mine.csv', [header, row('P1', '120')].join('\n'));
    expect(
      cli('import-costs', 'mine.csv', '--id', 'town-2020', '--attribution', 'Town Council finance team, 2020').code,
    ).toBe(0);
    writeJson('deflator.csv', 'price_year,factor_to_2024_25\n2015/16,1.30\n2019/20,1.20\n2024/25,1.00\n');
    expect(cli('import-deflator', 'deflator.csv', '--source', 'HM Treasury GDP deflators, 2024').code).toBe(0);
    const store = await openSqliteStore(dataDir);
    const reference = loadReferenceData(await store.listReferenceTables());
    await store.close();
    expect(reference.tables.get('town-2020')?.attribution).toBe('Town Council finance team, 2020');
    expect(reference.tables.has('gmca-ucd-v1.4-sample')).toBe(true);
    expect(reference.deflator.source).toBe('HM Treasury GDP deflators, 2024');
    expect(reference.deflator.factors.get('2024/25')).toBe(1);
  });

  it('insists on an attribution', () => {
    writeJson('mine.csv', [header, row('P1', '120')].join('\n'));
    const { code, stderr } = cli('import-costs', 'mine.csv', '--id', 'x');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--attribution:/);
  });
});

describe('turning-points draft-toc and export toc', () => {
  /** The examples imported, by their new ids. */
  /** The examples, with the consent their files state vouched for by a facilitator of the project. */
  const importExamples = () => {
    cli('project', 'add', '--name', 'Study');
    cli('staff', 'add', '--email', 'rae@example.org', '--name', 'Rae', '--project', 'Study', '--role', 'facilitator');
    return readdirSync(join(root, 'journeys')).map((name) =>
      importedId(join(root, 'journeys', name), '--consent-recorded-by', 'rae@example.org'),
    );
  };

  it('drafts a theory of change from stored journeys and exports it in every format', async () => {
    const journeyIds = importExamples();
    const drafted = cli('draft-toc', '--title', 'How families move on', '--journeys', journeyIds.join(','));
    expect(drafted.stderr).toBe('');
    expect(drafted.code).toBe(0);
    const id = /as (\S+):/.exec(drafted.stdout)![1]!;

    const json = cli('export', 'toc', id);
    expect(json.code).toBe(0);
    const toc = JSON.parse(json.stdout) as { id: string; nodes: { families?: unknown }[] };
    expect(toc.id).toBe(id);
    expect(toc.nodes.some((node) => node.families === 'suppressed')).toBe(true);

    expect(cli('export', 'toc', id, '--format', 'mermaid').stdout).toMatch(/^flowchart/m);
    // Every format (and every CSV table) is named in the usage, and gives what the API gives.
    const usage = cli('help').stdout;
    const named = (option: string) => new RegExp(`--${option} ([\\w|]+)`).exec(usage)?.[1]?.split('|');
    expect(named('format')).toEqual([...new Set(EXPORT_DOCUMENTS.map((document) => document.format))]);
    expect(named('table')).toEqual(EXPORT_DOCUMENTS.flatMap((document) => document.table ?? []));
    const store = await openSqliteStore(dataDir);
    try {
      for (const { id: name, format, table } of EXPORT_DOCUMENTS) {
        const exported = cli('export', 'toc', id, '--format', format, ...(table ? ['--table', table] : []));
        expect(exported.code, name).toBe(0);
        // The console's export is keyed as a grant of its own, `cli`, under the data folder's secret.
        const api = await renderToc(store, id, {
          format,
          table: table ?? 'links',
          audience: 'evaluator',
          grantId: 'cli',
          secret: loadSecret(dataDir, undefined),
          minFamilies: 3,
        });
        expect(api.ok && `${api.rendered.body.trimEnd()}\n`, name).toBe(exported.stdout);
      }
    } finally {
      await store.close();
    }
    expect(
      cli('export', 'toc', id, '--format', 'csv', '--table', 'indicators').stdout.split('\n').length,
    ).toBeGreaterThan(2);

    const out = join(work, 'toc.md');
    expect(cli('export', 'toc', id, '--format', 'md', '--audience', 'team', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('How families move on');
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('names bad options and unknown ids, and writes nothing', () => {
    const [journeyId] = importExamples();
    const noJourneys = cli('draft-toc', '--title', 'T');
    expect(noJourneys.code).toBe(2);
    expect(noJourneys.stderr).toContain('--journeys');
    const unknown = cli('draft-toc', '--title', 'T', '--journeys', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"nobody"');

    const badFormat = cli('export', 'toc', 'x', '--format', 'pdf', '--audience', 'everyone');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format');
    expect(badFormat.stderr).toContain('--audience');
    const missing = cli('export', 'toc', 'no-such-toc', '--out', join(work, 'never.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no theory of change with id "no-such-toc"');
    expect(existsSync(join(work, 'never.json'))).toBe(false);
    // A journey id is not a theory of change, and the reverse.
    expect(cli('export', 'toc', journeyId!).code).toBe(1);
  });
});

describe('turning-points staff and project', () => {
  it('adds a project and its first admin, whose enrolment link is printed, and lists them', () => {
    const added = cli('project', 'add', '--name', 'Young carers study');
    expect(added).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^added project "Young carers study" as \S+/),
    });
    const staff = cli(
      'staff',
      'add',
      '--email',
      'ann@example.org',
      '--name',
      'Ann',
      '--project',
      'young carers study',
      '--role',
      'admin',
    );
    expect(staff.stderr).toBe('');
    expect(staff.code).toBe(0);
    // The link names PUBLIC_URL, or without it this machine as localhost (passkeys refuse a numeric address).
    expect(staff.stdout).toMatch(/^http:\/\/localhost:\d+\/enrol\?code=[\w-]+\.[\w-]{43}$/m);
    expect(cli('staff', 'list').stdout).toMatch(/Young carers study \(\S+\)\n {2}admin +Ann <ann@example\.org>/);
    const recovered = cli('staff', 'recover', '--email', 'ann@example.org');
    expect(recovered.stdout).toMatch(/\/enrol\?code=/);
    expect(cli('project', 'list').stdout).toMatch(
      /Young carers study {2}\(records kept 24 months; consent scopes: none\)/,
    );
  });

  it('keeps a project’s last admin: no demotion, removal or disabling', () => {
    cli('project', 'add', '--name', 'Study');
    cli('staff', 'add', '--email', 'ann@example.org', '--name', 'Ann', '--project', 'Study', '--role', 'admin');
    for (const args of [
      ['staff', 'role', '--email', 'ann@example.org', '--project', 'Study', '--role', 'facilitator'],
      ['staff', 'remove', '--email', 'ann@example.org', '--project', 'Study'],
      ['staff', 'disable', '--email', 'ann@example.org'],
    ]) {
      const refused = cli(...args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toMatch(/only admin/);
    }
    cli('staff', 'add', '--email', 'bo@example.org', '--name', 'Bo', '--project', 'Study', '--role', 'admin');
    expect(cli('staff', 'disable', '--email', 'ann@example.org')).toMatchObject({
      code: 0,
      stdout: 'disabled ann@example.org; 0 sessions ended\n',
    });
    expect(cli('staff', 'list').stdout).toMatch(/Ann <ann@example\.org> {2}disabled since /);
    expect(cli('staff', 'enable', '--email', 'ann@example.org').code).toBe(0);
    expect(cli('staff', 'role', '--email', 'ann@example.org', '--project', 'Study', '--role', 'facilitator').code).toBe(
      0,
    );
    expect(cli('staff', 'end-sessions', '--email', 'ann@example.org').stdout).toBe(
      '0 sessions of ann@example.org ended\n',
    );
    expect(cli('audit', 'verify')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\d+ rows verified from row 1/),
    });
  });

  it('changes a project’s settings and names', () => {
    cli('project', 'add', '--name', 'Study');
    const saved = cli(
      'project',
      'settings',
      '--project',
      'Study',
      '--scope',
      'share-photos: Share photos of the map',
      '--retention-months',
      '36',
    );
    expect(saved).toMatchObject({
      code: 0,
      stdout: 'Study: records kept 36 months; consent scopes: share-photos (Share photos of the map)\n',
    });
    expect(cli('project', 'rename', '--project', 'Study', '--name', 'Study two').code).toBe(0);
    expect(cli('project', 'settings', '--project', 'Study two', '--no-scopes').stdout).toContain(
      'consent scopes: none',
    );
  });

  it('names the bad flag and its reason, exiting 2, and changes nothing', () => {
    cli('project', 'add', '--name', 'Study');
    const cases: [string[], RegExp][] = [
      [
        ['staff', 'add', '--email', 'not-an-email', '--name', '', '--project', 'Study', '--role', 'boss'],
        /--email: enter an email address like name@example\.org/,
      ],
      [
        ['staff', 'add', '--email', 'a@example.org', '--name', 'A', '--project', 'Nowhere', '--role', 'admin'],
        /--project: there is no project "Nowhere"/,
      ],
      [
        ['staff', 'role', '--email', 'nobody@example.org', '--project', 'Study', '--role', 'admin'],
        /--email: there is no staff member with the email address "nobody@example\.org"/,
      ],
      [['project', 'add', '--name', '   '], /--name: enter a name for the project/],
      [
        ['project', 'settings', '--project', 'Study', '--retention-months', 'forever'],
        /--retention-months: enter a whole number of months/,
      ],
      [
        ['project', 'settings', '--project', 'Study', '--scope', 'Photos!: x'],
        /--scope: line 1: the id "Photos!" must start with a small letter/,
      ],
      [['staff', 'sack'], /staff: say what to do:/],
      [['project', 'delete'], /project: say what to do:/],
    ];
    for (const [args, message] of cases) {
      const result = cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const wrongRole = cli(
      'staff',
      'add',
      '--email',
      'a@example.org',
      '--name',
      'A',
      '--project',
      'Study',
      '--role',
      'boss',
    );
    expect(wrongRole.stderr).toMatch(/--role: choose admin or facilitator/);
    expect(cli('staff', 'list').stdout).toBe(
      'Study (' + /\((\S+)\)/.exec(cli('staff', 'list').stdout)![1] + ')\n  nobody yet\n',
    );
    expect(cli('project', 'list').stdout).toMatch(/records kept 24 months; consent scopes: none/);
  });

  it('import and draft-toc place the new document in --project', async () => {
    cli('project', 'add', '--name', 'Study');
    cli('staff', 'add', '--email', 'rae@example.org', '--name', 'Rae', '--project', 'Study', '--role', 'facilitator');
    writeJson('j.json', smallJourneyInput());
    const imported = cli('import', 'j.json', '--project', 'Study', '--consent-recorded-by', 'rae@example.org');
    expect(imported.code).toBe(0);
    const journeyId = /as (\S+)$/m.exec(imported.stdout)![1]!;
    const bad = cli('draft-toc', '--title', 'T', '--journeys', journeyId, '--project', 'Nowhere');
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('draft-toc: --project: there is no project "Nowhere"'),
    });
    const drafted = cli('draft-toc', '--title', 'T', '--journeys', journeyId, '--project', 'Study');
    expect(drafted.code, drafted.stderr).toBe(0);
    const tocId = /as (\S+):/.exec(drafted.stdout)![1]!;
    const store = await openSqliteStore(dataDir);
    const study = (await store.access.listProjects()).find((p) => p.name === 'Study')!;
    expect(await store.access.projectOf(journeyId)).toBe(study.id);
    expect(await store.access.projectOf(tocId)).toBe(study.id);
    await store.close();
  });
});
