/**
 * Validates a `project.qde` against the REFI-QDA schema with libxml2's xmllint. A machine without
 * it fails the test, saying what to install: a skipped validation would pass files no analysis
 * program can open.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA = fileURLToPath(new URL('../../../src/qdpx/schema/Project-mrt2019.xsd', import.meta.url));

export interface Validation {
  valid: boolean;
  /** What xmllint said about an invalid document, for the failure message. */
  output: string;
}

/** Runs `xmllint --noout --schema` on the document; `command` is for testing a missing xmllint. */
export function validateProject(xml: string | Uint8Array, command = 'xmllint'): Validation {
  const folder = mkdtempSync(join(tmpdir(), 'qdpx-'));
  const file = join(folder, 'project.qde');
  writeFileSync(file, xml);
  try {
    // Exit status 0 is the verdict; "validates" goes to stderr, which succeeds silently here.
    execFileSync(command, ['--noout', '--schema', SCHEMA, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { valid: true, output: '' };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { status?: number | null; stderr?: string };
    if (failure.code === 'ENOENT')
      throw new Error(
        `${command} is not installed, so project.qde cannot be checked against the REFI-QDA schema: ` +
          'install the Debian package libxml2-utils (apt-get install libxml2-utils)',
        { cause: error },
      );
    if (typeof failure.status === 'number') return { valid: false, output: failure.stderr ?? '' };
    throw error;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
