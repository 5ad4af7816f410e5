/**
 * `turning-points import --consent-recorded-by` and `family list|show|consent` as an operator
 * runs them, on real files and real SQLite (CONSENT5). The command runs in the test's process
 * (the CLI's own `run`, as its entry point calls it): a dozen Node start-ups per test cost more
 * than the commands on a busy machine, and test/server/cli.test.ts covers the entry point.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../server/cli.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { smallJourneyInput } from '../fixtures/small-journey.ts';

let work: string;
let dataDir: string;

/** The command as a shell runs it: its exit code, and what it printed to stdout and stderr. */
async function cli(...args: string[]) {
  const outcome = await run(args, { DATA_DIR: dataDir });
  const printed = (lines: string[]) => (lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return { code: outcome.code, stdout: printed(outcome.out), stderr: printed(outcome.err) };
}

function auditRows(): { action: string; actor: string; detail: string | null }[] {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  try {
    return db.prepare('SELECT action, actor, detail FROM audit_log ORDER BY seq').all() as never;
  } finally {
    db.close();
  }
}

/** A project with a facilitator, and the small journey's file (its consent: mapping and analysis). */
async function setUp(): Promise<{ file: string; email: string }> {
  expect((await cli('project', 'add', '--name', 'Study A')).code).toBe(0);
  expect((await cli('project', 'add', '--name', 'Study B')).code).toBe(0);
  const email = 'rowan@example.org';
  expect(
    (
      await cli(
        'staff',
        'add',
        '--email',
        email,
        '--name',
        'Rowan Ash',
        '--project',
        'Study A',
        '--role',
        'facilitator',
      )
    ).code,
  ).toBe(0);
  const file = join(work, 'j.json');
  writeFileSync(file, JSON.stringify(smallJourneyInput()));
  return { file, email };
}

const familyIdIn = (stdout: string) => /family (\S+):/.exec(stdout)![1]!;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tp-family-cli-'));
  dataDir = join(work, 'data');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('CONSENT5: consent from the command line', async () => {
  it('import records the file’s consent only when a staff member of the project vouches for it', async () => {
    const { file, email } = await setUp();
    const unvouched = await cli('import', file, '--project', 'Study A');
    expect(unvouched.code).toBe(0);
    expect(unvouched.stdout).toContain('mapping consent only');
    const shown = await cli('family', 'show', familyIdIn(unvouched.stdout));
    expect(shown.stdout).toMatch(/ {2}mapping: given/);
    expect(shown.stdout).toMatch(/ {2}analysis: not asked yet/);

    // Someone who is not staff, or not of this project, cannot vouch; nothing is written.
    expect(
      (
        await cli(
          'staff',
          'add',
          '--email',
          'sam@example.org',
          '--name',
          'Sam',
          '--project',
          'Study B',
          '--role',
          'facilitator',
        )
      ).code,
    ).toBe(0);
    const elsewhere = await cli('import', file, '--project', 'Study A', '--consent-recorded-by', 'sam@example.org');
    expect(elsewhere).toMatchObject({ code: 2 });
    expect(elsewhere.stderr).toBe('import: --consent-recorded-by: sam@example.org does not work in this project\n');
    const nobody = await cli('import', file, '--project', 'Study A', '--consent-recorded-by', 'nobody@example.org');
    expect(nobody.stderr).toContain(
      'import: --consent-recorded-by: there is no staff member with the email address "nobody@example.org"',
    );

    rmSync(dataDir, { recursive: true, force: true });
    await setUp();
    const vouched = await cli('import', file, '--project', 'Study A', '--consent-recorded-by', email);
    expect(vouched.code).toBe(0);
    expect(vouched.stdout).toContain(`consent from the file recorded by ${email}: mapping, analysis`);
    const family = familyIdIn(vouched.stdout);
    const show = (await cli('family', 'show', family)).stdout;
    expect(show).toMatch(
      / {2}analysis: given: The family, recorded in a journey file.*on 2016-01-10, recorded by Rowan Ash/,
    );
    const recorded = auditRows().filter((row) => row.action === 'consent.record');
    expect(recorded.map((row) => row.detail)).toEqual(['mapping:given', 'analysis:given']);
    expect(new Set(recorded.map((row) => row.actor)).size).toBe(1);
    expect(recorded[0]!.actor).toMatch(/^staff:/);
    expect((await cli('family', 'list', '--project', 'Study A')).stdout).toMatch(
      new RegExp(`^${family} {2}The Test family {2}\\(Study A\\) {2}1 journey; consent: mapping, analysis`, 'm'),
    );
  });

  it('family consent records a decision by a project’s staff member, and names each bad option', async () => {
    const { file, email } = await setUp();
    const family = familyIdIn((await cli('import', file, '--project', 'Study A')).stdout);
    const record = (...args: string[]) => cli('family', 'consent', family, ...args);
    const good = [
      '--scope',
      'share-words',
      '--given',
      '--by',
      'Jordan, for his own words',
      '--how',
      'written-form',
      '--on',
      '2026-01-05',
    ];
    const done = await record(...good, '--review', '2027-01-05', '--recorded-by', email);
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toContain('share-words given by Jordan, for his own words on 2026-01-05; in force now');
    const show = (await cli('family', 'show', family)).stdout;
    expect(show).toMatch(
      / {2}share-words: given: Jordan, for his own words, .*recorded by Rowan Ash; review by 2027-01-05/,
    );
    expect(show.indexOf('share-words given')).toBeLessThan(show.indexOf('mapping given'));

    const withdrawn = await record(
      '--scope',
      'share-words',
      '--withdrawn',
      '--by',
      'Jordan',
      '--how',
      'verbal-phone',
      '--on',
      '2026-02-01',
      '--recorded-by',
      email,
    );
    expect(withdrawn.code).toBe(0);
    expect((await cli('family', 'show', family)).stdout).toMatch(/ {2}share-words: withdrawn: Jordan/);

    const bad = await record(
      '--scope',
      'share-everything',
      '--how',
      'carrier-pigeon',
      '--on',
      '2026-02-30',
      '--review',
      'soon',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'family consent: --scope: choose one of: mapping, analysis, share-words, share-costs',
      'family consent: --given or --withdrawn: choose given or withdrawn',
      'family consent: --by: say who in the family decided',
      'family consent: --how: choose how they told you: verbal-in-person, written-form, verbal-phone, online',
      'family consent: --on: enter the day they decided as a real date, like 2026-03-27',
      'family consent: --review: enter the review date as a real date, like 2027-03-27, or leave it empty',
      'family consent: --recorded-by: name the staff member who records it by their email address',
    ]);
    expect((await record(...good, '--recorded-by', 'nobody@example.org')).stderr).toContain(
      '--recorded-by: there is no staff member',
    );
    const mapping = await record(
      '--scope',
      'mapping',
      '--withdrawn',
      '--by',
      'Dawn',
      '--how',
      'written-form',
      '--on',
      '2026-02-01',
      '--recorded-by',
      email,
    );
    expect(mapping.code).toBe(2);
    expect(mapping.stderr).toContain('family consent: --scope: withdrawing mapping erases the family');
    expect(mapping.stderr).toContain('erase page');
    expect((await cli('family', 'consent', 'no-such-family', ...good)).stderr).toContain(
      'there is no family "no-such-family"',
    );
    expect((await cli('family', 'list', '--project', 'Study C')).stderr).toContain(
      'family list: --project: there is no project "Study C"',
    );
    // Only the two good decisions were added to the import's mapping.
    expect(auditRows().filter((row) => row.action === 'consent.record')).toHaveLength(3);
  });
});
