#!/usr/bin/env node
/**
 * `npx turning-points <command>`: validate, import and export journey files, draft and export
 * theories of change, and manage staff, projects and the audit log (server/admin/cli-commands.ts),
 * for scripts, researchers and whoever runs the server. Bad input is reported as
 * `file: $.json.path: reason` or `command: --flag: reason`, exits non-zero and writes nothing.
 * Every command works on the store the server uses: SQLite under DATA_DIR, or the PostgreSQL
 * database at DATABASE_URL that the server's processes share (server/services.ts `openStore`).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseJourneyText, serialiseJourney } from '../src/migrations/journey-file.ts';
import type { Journey } from '../src/model/index.ts';
import { parseDeflatorSeries, parseUnitCostTable } from '../src/costs/index.ts';
import { CSV_TABLE_IDS, EXPORT_FORMAT_IDS } from '../src/toc/index.ts';
import { loadSecret } from './auth/secret.ts';
import { issueGrant } from './auth/grants.ts';
import { placeEveryDocument } from './auth/projects.ts';
import { publicUrl } from './auth/staff-sessions.ts';
import { ADMIN_USAGE, auditCommand, projectCommand, staffCommand } from './admin/cli-commands.ts';
import { FAMILY_USAGE, familyCommand } from './admin/family-commands.ts';
import { importedBy, importedConsent, staffWhoRecords } from './families/import-consent.ts';
import { ROLES } from './auth/tokens.ts';
import { ConfigError, parseConfig, type Config } from './config.ts';
import { importJourney, loadJourney } from './journey-library.ts';
import { draftAndStoreToc } from './toc-library.ts';
import { renderToc, TocExportQuery, tooFewFamiliesText } from './toc-export.ts';
import type { GrantEnds } from './auth/grant-ends.ts';
import { grantEndsTold } from './admin/cli-grant-ends.ts';
import { openStore } from './services.ts';
import { StorageOpenError, type DocumentStore } from './storage/document-store.ts';

const USAGE = `Usage: turning-points <command> [options]

Commands:
  validate <file…>          check journey files; lists every problem with its JSON path
  import <file> [--project P] [--consent-recorded-by E]
                            check a journey file and add it to storage (DATA_DIR, or
                            DATABASE_URL) as a new journey under a new random id
                            (printed), in project P
                            (its id or name; default: the first project); an import
                            never overwrites a stored journey. Its family gets mapping
                            consent only, unless staff member E of P vouches for the
                            consent the file states (recorded as theirs)
  export <id> [--out FILE]  write a stored journey as JSON (to stdout, or to FILE)
  export toc <id> [--format ${EXPORT_FORMAT_IDS.join('|')}] [--table ${CSV_TABLE_IDS.join('|')}]
         [--audience evaluator|team] [--out FILE]
                            write a theory of change; the evaluator view (default) has no
                            family words without consent and suppresses small counts
                            (EVALUATOR_MIN_FAMILIES); the team view has the words
  draft-toc --title TEXT --journeys ID,ID… [--min-families N] [--project P]
                            draft a theory of change from stored journeys and store it
                            in project P (default: the first project)
  import-costs <file.csv> --id ID --attribution TEXT
                            add your own unit-cost table (the shipped columns); all rows
                            must be good, or nothing is imported
  import-deflator <file.csv> --source TEXT
                            use your own GDP deflator series (price_year, factor)
  token --doc ID --role R [--hours N]
                            issue a token for scripts (R: facilitator, participant,
                            viewer, evaluator; default 24 hours), listed on the
                            document's invite page and revocable there
  help                      show this text

${FAMILY_USAGE}
${ADMIN_USAGE}
Options:
  --data-dir DIR            storage folder (default: $DATA_DIR or ./data)
Storage: the SQLite database in the data folder; or, when DATABASE_URL is set, the
PostgreSQL database the server's processes share (SECRET must then be set, the same
as theirs), whose running processes are told at once of sessions ended here.
Links printed use PUBLIC_URL, or http://HOST:PORT when it is not set.
`;

/** What a command did: lines for stdout and stderr, and the exit code. */
interface Outcome {
  code: number;
  out: string[];
  err: string[];
}

const ok = (out: string[] = []): Outcome => ({ code: 0, out, err: [] });
const failed = (err: string[], code = 1): Outcome => ({ code, out: [], err });

/** Which store a command works on: the data folder's SQLite, or PostgreSQL when DATABASE_URL is set. */
type Storage = Pick<Config, 'dataDir' | 'databaseUrl'>;

/** Where the store is, for messages: the data folder, or the database with no password (nor query, which may hold one). */
function storageName(storage: Storage): string {
  if (!storage.databaseUrl) return storage.dataDir;
  try {
    const url = new URL(storage.databaseUrl);
    url.password = '';
    url.search = '';
    url.hash = '';
    return `the PostgreSQL database ${url.toString()}`;
  } catch {
    return 'the PostgreSQL database at DATABASE_URL';
  }
}

/**
 * Open storage for one command and close it after, its writes committed and the grants it ended
 * told to the running server processes (PostgreSQL); a store that cannot open is reported.
 */
async function withStore(
  storage: Storage,
  work: (store: DocumentStore, grantEnds: GrantEnds) => Promise<Outcome>,
): Promise<Outcome> {
  let store: DocumentStore;
  try {
    store = await openStore(storage);
  } catch (error) {
    if (error instanceof StorageOpenError) return failed([error.message]);
    throw error;
  }
  const ends = grantEndsTold(store);
  try {
    const outcome = await work(store, ends.grantEnds);
    // The notices go out on the store's connections: sent before it closes, or never.
    const untold = await ends.told();
    return untold.length === 0 ? outcome : { ...outcome, err: [...outcome.err, ...untold] };
  } finally {
    // Even when the command failed part way: what it ended is told before the store closes.
    await ends.told();
    await store.close();
  }
}

/**
 * The project a new document goes into: the one named (by id or name), or the first (made if
 * there is none, as at the server's start); or why the name fits none.
 */
async function projectFor(
  store: DocumentStore,
  given: string | undefined,
): Promise<{ id: string } | { problem: string }> {
  if (given === undefined) return placeEveryDocument(store.access);
  const projects = await store.access.listProjects();
  const byName = projects.filter((p) => p.name.toLowerCase() === given.toLowerCase());
  const found = projects.find((p) => p.id === given) ?? (byName.length === 1 ? byName[0] : undefined);
  if (found) return found;
  return {
    problem:
      byName.length > 1
        ? `more than one project is called "${given}": give its id (see project list)`
        : `there is no project "${given}" (see project list)`,
  };
}

type Checked = { ok: true; journey: Journey } | { ok: false; problems: string[] };

function checkFile(file: string): Checked {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { ok: false, problems: [`${file}: ${reason}`] };
  }
  const result = parseJourneyText(text);
  if (!result.ok)
    return { ok: false, problems: result.issues.map((issue) => `${file}: ${issue.path}: ${issue.message}`) };
  return { ok: true, journey: result.journey };
}

function validate(files: string[]): Outcome {
  if (files.length === 0) return failed(['validate: name at least one journey file', USAGE], 2);
  const out: string[] = [];
  const err: string[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const file of files) {
    const checked = checkFile(file);
    if (!checked.ok) {
      err.push(...checked.problems);
      continue;
    }
    const { journey } = checked;
    const earlier = firstFileOfId.get(journey.id);
    if (earlier) {
      err.push(`${file}: $.id: duplicate journey id "${journey.id}" (also in ${earlier})`);
      continue;
    }
    firstFileOfId.set(journey.id, file);
    out.push(
      `${file}: valid: "${journey.title}", ${journey.stages.length} stages, ${journey.costEvents.length} cost events`,
    );
  }
  return { code: err.length > 0 ? 1 : 0, out, err };
}

async function importFile(
  files: string[],
  storage: Storage,
  projectName: string | undefined,
  consentRecordedBy: string | undefined,
): Promise<Outcome> {
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) return failed(['import: name exactly one journey file', USAGE], 2);
  // Validate before opening storage, so bad input creates nothing, not even the data folder.
  const checked = checkFile(file);
  if (!checked.ok) return failed(checked.problems);
  return withStore(storage, async (store) => {
    const project = await projectFor(store, projectName);
    if ('problem' in project) return failed([`import: --project: ${project.problem}`], 2);
    const recorder =
      consentRecordedBy === undefined ? undefined : await staffWhoRecords(store, consentRecordedBy, project.id);
    if (recorder && !recorder.ok) return failed([`import: --consent-recorded-by: ${recorder.problem}`], 2);
    // Always a new journey under a new random id: the file's ids are never stored.
    const journey = await importJourney(store, checked.journey, importedBy(project.id, recorder?.staff));
    return ok([
      `imported "${journey.title}" as ${journey.id}`,
      await importedConsent(store, journey.id, recorder?.staff),
    ]);
  });
}

async function exportJourney(ids: string[], storage: Storage, outFile: string | undefined): Promise<Outcome> {
  const [id, ...extra] = ids;
  if (id === undefined || extra.length > 0) return failed(['export: name exactly one journey id', USAGE], 2);
  return withStore(storage, async (store) => {
    const loaded = await loadJourney(store, id);
    if (!loaded) return failed([`export: no journey with id "${id}" in ${storageName(storage)}`]);
    return deliver(serialiseJourney(loaded.journey), outFile, id);
  });
}

/** Print the text, or write it beside the target and rename, so a reader never sees half a file. */
function deliver(text: string, outFile: string | undefined, id: string): Outcome {
  if (!outFile) return { code: 0, out: [text.trimEnd()], err: [] };
  const temporary = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, outFile);
  return ok([`exported ${id} to ${outFile}`]);
}

const TocExportRequest = TocExportQuery.extend({
  audience: z.enum(['evaluator', 'team'], { error: 'must be evaluator or team' }).default('evaluator'),
});

async function exportToc(
  ids: string[],
  values: { format?: string; table?: string; audience?: string; out?: string },
  config: Config,
  envSecret: string | undefined,
): Promise<Outcome> {
  const [id, ...extra] = ids;
  if (id === undefined || extra.length > 0)
    return failed(['export toc: name exactly one theory of change id', USAGE], 2);
  const request = TocExportRequest.safeParse({ format: values.format, table: values.table, audience: values.audience });
  if (!request.success)
    return failed(
      request.error.issues.map((i) => `export toc: --${String(i.path[0])}: ${i.message}`),
      2,
    );
  const { audience, ...choice } = request.data;
  // An export from the console is keyed as one evaluator grant of its own, `cli` (TOC6).
  const whose =
    audience === 'team' ? { audience } : { audience, grantId: 'cli', secret: loadSecret(config.dataDir, envSecret) };
  return withStore(config, async (store) => {
    const outcome = await renderToc(store, id, { ...choice, ...whose, minFamilies: config.evaluatorMinFamilies });
    if (outcome.ok) return deliver(outcome.rendered.body, values.out, id);
    if (outcome.why === 'not-found')
      return failed([`export toc: no theory of change with id "${id}" in ${storageName(config)}`]);
    return failed([
      `export toc: ${tooFewFamiliesText(outcome.families, outcome.minFamilies)} (EVALUATOR_MIN_FAMILIES)`,
    ]);
  });
}

const DraftRequest = z.strictObject({
  title: z.string().trim().min(1, 'give the theory of change a title').max(200),
  journeys: z
    .string({ error: 'name the journeys, comma-separated' })
    .transform((list) =>
      list
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1, 'name at least one journey')),
  'min-families': z.coerce.number().int().min(1).max(1000).optional(),
});

async function draft(
  values: { title?: string; journeys?: string; 'min-families'?: string; project?: string },
  storage: Storage,
): Promise<Outcome> {
  const request = DraftRequest.safeParse({
    title: values.title,
    journeys: values.journeys,
    'min-families': values['min-families'],
  });
  if (!request.success)
    return failed(
      request.error.issues.map((i) => `draft-toc: --${String(i.path[0])}: ${i.message}`),
      2,
    );
  return withStore(storage, async (store) => {
    const project = await projectFor(store, values.project);
    if ('problem' in project) return failed([`draft-toc: --project: ${project.problem}`], 2);
    const drafted = await draftAndStoreToc(store, {
      title: request.data.title,
      journeyIds: request.data.journeys,
      minFamilies: request.data['min-families'],
      draftedOn: new Date().toISOString().slice(0, 10),
    });
    if (!drafted.ok)
      return failed([`draft-toc: --${drafted.field === 'journeyIds' ? 'journeys' : drafted.field}: ${drafted.reason}`]);
    const { toc } = drafted;
    await store.access.placeDocument(toc.id, project.id);
    return ok([
      `drafted "${toc.title}" as ${toc.id}: ${toc.nodes.length} nodes, ${toc.links.length} links, from ${toc.journeyIds.length} journeys`,
    ]);
  });
}

const TokenRequest = z.strictObject({
  doc: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a document id'),
  role: z.enum(ROLES),
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
});

/**
 * A token for a script: an invite (or, for `evaluator`, an evaluator token) recorded like those
 * made on the invite pages, so it is listed there and can be revoked.
 */
async function issue(
  values: { doc?: string; role?: string; hours?: string },
  storage: Storage,
  envSecret: string | undefined,
): Promise<Outcome> {
  const request = TokenRequest.safeParse({ doc: values.doc, role: values.role, hours: values.hours });
  if (!request.success) {
    return failed(
      request.error.issues.map((i) => `token: --${String(i.path[0])}: ${i.message}`),
      2,
    );
  }
  const { doc, role, hours } = request.data;
  return withStore(storage, async (store) => {
    if (!(await store.has(doc))) return failed([`token: --doc: there is no document "${doc}"`], 2);
    const kind = role === 'evaluator' ? 'evaluator' : 'invite';
    const { token, grant } = await issueGrant(store.access, loadSecret(storage.dataDir, envSecret), {
      kind,
      docId: doc,
      role,
      hours,
      createdBy: 'cli',
    });
    const projectId = await store.access.projectOf(doc);
    await store.access.audit({
      action: kind === 'evaluator' ? 'evaluator-token.issue' : 'invite.issue',
      outcome: 'ok',
      actor: 'cli',
      docId: doc,
      ...(projectId === undefined ? {} : { projectId }),
      subject: grant.id,
      detail: role,
    });
    return ok([token]);
  });
}

const ReferenceImport = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be a short id like my-council-2026'),
  label: z.string().trim().min(3, 'must say where the figures come from').max(300),
});

/** Import a unit-cost table or deflator series: checked whole first, so a bad file imports nothing. */
async function importReference(
  command: 'import-costs' | 'import-deflator',
  files: string[],
  values: { id?: string; attribution?: string; source?: string },
  storage: Storage,
): Promise<Outcome> {
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) return failed([`${command}: name exactly one CSV file`, USAGE], 2);
  const kind = command === 'import-costs' ? 'unit-costs' : 'deflator';
  const options = ReferenceImport.safeParse({
    id: kind === 'deflator' ? 'deflator' : values.id,
    label: kind === 'deflator' ? values.source : values.attribution,
  });
  if (!options.success) {
    const flag = (field: PropertyKey) => (field === 'id' ? '--id' : kind === 'deflator' ? '--source' : '--attribution');
    return failed(
      options.error.issues.map((i) => `${command}: ${flag(i.path[0] ?? '')}: ${i.message}`),
      2,
    );
  }
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch {
    return failed([`${file}: cannot read it`]);
  }
  const checked =
    kind === 'unit-costs'
      ? parseUnitCostTable(csv, { id: options.data.id, attribution: options.data.label })
      : parseDeflatorSeries(csv, options.data.label);
  if (!checked.ok) return failed(checked.problems.map((p) => `${file}: line ${p.line}, ${p.column}: ${p.reason}`));
  const count = checked.ok && 'table' in checked ? `${checked.table.rows.length} unit costs` : 'a deflator series';
  return withStore(storage, async (store) => {
    await store.putReferenceTable({
      kind,
      id: options.data.id,
      label: options.data.label,
      csv,
      importedAt: new Date().toISOString(),
    });
    return ok([
      `imported ${count} from ${file}${kind === 'unit-costs' ? ` as table "${options.data.id}"` : ''}; restart the server${storage.databaseUrl ? "'s processes" : ''} to use it`,
    ]);
  });
}

export async function run(argv: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        out: { type: 'string' },
        replace: { type: 'boolean', default: false },
        doc: { type: 'string' },
        role: { type: 'string' },
        hours: { type: 'string' },
        id: { type: 'string' },
        attribution: { type: 'string' },
        source: { type: 'string' },
        format: { type: 'string' },
        table: { type: 'string' },
        audience: { type: 'string' },
        title: { type: 'string' },
        journeys: { type: 'string' },
        'min-families': { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        project: { type: 'string' },
        scope: { type: 'string', multiple: true },
        'no-scopes': { type: 'boolean' },
        'retention-months': { type: 'string' },
        days: { type: 'string' },
        'consent-recorded-by': { type: 'string' },
        given: { type: 'boolean' },
        withdrawn: { type: 'boolean' },
        by: { type: 'string' },
        how: { type: 'string' },
        on: { type: 'string' },
        review: { type: 'string' },
        'recorded-by': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return failed([(error as Error).message, USAGE], 2);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === 'help' || command === undefined) return ok([USAGE]);

  let config: Config;
  try {
    config = parseConfig({ ...env, DATA_DIR: parsed.values['data-dir'] ?? env.DATA_DIR });
  } catch (error) {
    if (error instanceof ConfigError) return failed([error.message], 2);
    throw error;
  }
  const { dataDir } = config;
  switch (command) {
    case 'validate':
      return validate(rest);
    case 'import':
      // Overwriting could only go around a room holding the journey open; say what to do instead.
      if (parsed.values.replace)
        return failed(
          ['import: --replace: an import always adds a new journey; there is nothing to replace', USAGE],
          2,
        );
      return importFile(rest, config, parsed.values.project, parsed.values['consent-recorded-by']);
    case 'export':
      return rest[0] === 'toc'
        ? exportToc(rest.slice(1), parsed.values, config, env.SECRET)
        : exportJourney(rest, config, parsed.values.out);
    case 'draft-toc':
      return draft(parsed.values, config);
    case 'token':
      return issue(parsed.values, config, env.SECRET);
    case 'import-costs':
    case 'import-deflator':
      return importReference(command, rest, parsed.values, config);
    case 'staff':
    case 'project': {
      const links = { secret: loadSecret(dataDir, env.SECRET), baseUrl: publicUrl(config) };
      const act = command === 'staff' ? staffCommand : projectCommand;
      return withStore(config, (store, grantEnds) => act(store, { ...links, grantEnds }, rest[0], parsed.values));
    }
    case 'family':
      return withStore(config, (store) => familyCommand(store, rest[0], rest.slice(1), parsed.values));
    case 'audit':
      return withStore(config, (store) => auditCommand(store, rest[0], parsed.values, config.auditRetentionDays));
    default:
      return failed([`unknown command "${command}"`, USAGE], 2);
  }
}

if (import.meta.main) {
  const outcome = await run(process.argv.slice(2), process.env);
  if (outcome.out.length > 0) process.stdout.write(`${outcome.out.join('\n')}\n`);
  if (outcome.err.length > 0) process.stderr.write(`${outcome.err.join('\n')}\n`);
  process.exitCode = outcome.code;
}
