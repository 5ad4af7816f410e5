/**
 * Tools we did not write, run to read back what the server made (a PDF, a PNG, an SVG). A
 * missing one fails the test naming its Debian package, which `.ci/run` installs.
 */
import { execFileSync } from 'node:child_process';

/** Where each tool comes from, for the error when one is missing (`.ci/run` installs them). */
const PACKAGES: Record<string, string> = {
  xmllint: 'libxml2-utils',
  pngcheck: 'pngcheck',
  pdfinfo: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  pdffonts: 'poppler-utils',
};
export function tool(command: string, ...args: string[]): string {
  return toolReading(command, undefined, ...args);
}

/** The same, with `input` given to the tool on its standard input. */
export function toolReading(command: string, input: string | undefined, ...args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${command} is missing: install the Debian package ${PACKAGES[command] ?? command}`, {
        cause: error,
      });
    throw error;
  }
}
