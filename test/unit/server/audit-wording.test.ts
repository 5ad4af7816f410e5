/**
 * The audit log reads in words (server/admin/audit-wording.ts): every action code the code
 * writes, found in the source of server/ and site/, has its words, and the table holds no code
 * nothing writes. A few rows as an admin reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_WORDS, detailWords, whatHappened, whenWords } from '../../../server/admin/audit-wording.ts';

const root = new URL('../../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|astro)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Every action code in the source: each `action: '…'`, and every quoted `area.verb` (codes are
 * also passed as arguments, chosen in ternaries and listed in types), leaving out file names.
 */
function writtenActions(): Set<string> {
  const codes = new Set<string>();
  // The table of words itself is left out: it would find every code it holds.
  for (const file of [...sourceFiles('server'), ...sourceFiles('site')].filter(
    (f) => !f.endsWith('audit-wording.ts'),
  )) {
    const text = readFileSync(file, 'utf8');
    for (const [, code] of text.matchAll(/action: '([^']+)'/g)) codes.add(code!);
    for (const [, code] of text.matchAll(/'([a-z][a-z-]*\.[a-z][a-z-]*)'/g))
      if (!/\.(json|key|sqlite|svg|png|pdf)$/.test(code!)) codes.add(code!);
  }
  return codes;
}

describe('the audit log’s words', () => {
  it('has words for every action the code writes, and none for actions nothing writes', () => {
    const written = writtenActions();
    // The search finds what it must: codes written in several ways.
    expect(written.size).toBeGreaterThan(30);
    for (const code of [
      'signin',
      'journey.view',
      'invite.issue',
      'evaluator-token.issue',
      'staff.disable',
      'room.join',
    ])
      expect(written.has(code), code).toBe(true);
    expect([...written].filter((code) => !Object.hasOwn(ACTION_WORDS, code)).sort()).toEqual([]);
    expect(
      Object.keys(ACTION_WORDS)
        .filter((code) => !written.has(code))
        .sort(),
    ).toEqual([]);
  });

  it('says what happened, a refusal with its reason', () => {
    expect(whatHappened({ action: 'signin', outcome: 'ok', detail: 'password' })).toBe('Signed in');
    expect(whatHappened({ action: 'signin', outcome: 'refused', detail: 'password:wrong' })).toBe(
      'Sign-in refused: wrong password',
    );
    expect(whatHappened({ action: 'journey.view', outcome: 'refused', detail: 'invite-revoked' })).toBe(
      'Opening a journey refused: the invite was revoked',
    );
    expect(whatHappened({ action: 'room.join', outcome: 'ok', detail: 'participant' })).toBe('Joined the live map');
    expect(whatHappened({ action: 'invite.issue', outcome: 'ok', detail: 'viewer' })).toBe('Made an invite');
    // A code it does not know is shown as it is, not hidden.
    expect(whatHappened({ action: 'something.new', outcome: 'refused' })).toBe('something.new (refused)');
  });

  it('says the details in words, and a detail it does not know as written', () => {
    expect(detailWords('sessions:2')).toBe('2 sessions ended');
    expect(detailWords('sessions:1')).toBe('1 session ended');
    expect(detailWords('scopes:share-photos+quotes;months:36')).toBe(
      'consent scopes share-photos, quotes; records kept 36 months',
    );
    expect(detailWords('facilitator:existing-account')).toBe('facilitator, with the account they had');
    expect(detailWords('team:json')).toBe('JSON, the team’s view');
    expect(detailWords('grant:AbCdEfGh12345678')).toBe('');
    expect(detailWords('map')).toBe('the map');
    expect(detailWords('a-new-reason')).toBe('a-new-reason');
  });

  it('says when in the UK way, in UTC', () => {
    expect(whenWords('2026-12-04T17:24:22.123Z')).toEqual({ day: '4 Dec 2026', time: '17:24:22' });
  });
});
