/**
 * The versions pages' shared words and checks (site/pages/journeys/[id]/versions*): what each
 * kind of version is called, sizes in words, and the one check of a version's name.
 */
import { z } from 'zod';
import { VERSION_NAME_LIMIT } from '../../server/journey-versions.ts';
import type { VersionKind } from '../../server/storage/version-records.ts';

export const KIND_WORDS: Record<VersionKind, string> = {
  named: 'Named by staff',
  'session-end': 'Kept when a session ended',
  'before-restore': 'Kept before a restore',
};

export function sizeWords(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export const VersionName = z
  .string()
  .trim()
  .min(1, 'give the version a name, such as “after session 1”')
  .max(VERSION_NAME_LIMIT, {
    error: (issue) => `at most ${VERSION_NAME_LIMIT} characters; this one has ${String(issue.input).trim().length}`,
  });

/** When a version was made, as people read it. */
export function madeWords(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
}
