/**
 * Journey files as text: parse JSON (reporting where it is malformed), migrate and validate.
 * Writing is canonical, stable JSON so that exports diff cleanly.
 */
import { canonicalJourney, type Journey } from '../model/journey.ts';
import type { ValidationIssue } from '../model/validation-issue.ts';
import { migrateJourney, type MigrationResult } from './migrate.ts';

/** Where in the text JSON.parse gave up, as "line L, column C", when the engine says. */
function jsonErrorLocation(text: string, error: SyntaxError): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return '';
  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

export function parseJourneyText(text: string): MigrationResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, '') : String(error);
    const issue: ValidationIssue = {
      path: '$',
      message: `is not valid JSON${error instanceof SyntaxError ? jsonErrorLocation(text, error) : ''} (${reason})`,
    };
    return { ok: false, issues: [issue] };
  }
  return migrateJourney(raw);
}

/** The journey as a file: canonical order, two-space indent, trailing newline. */
export function serialiseJourney(journey: Journey): string {
  return `${JSON.stringify(canonicalJourney(journey), null, 2)}\n`;
}
