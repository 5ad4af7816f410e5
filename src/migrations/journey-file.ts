/**
 * Journey files as text: parse JSON (reporting where it is malformed), migrate and validate.
 * Writing is canonical, stable JSON so that exports diff cleanly.
 */
import { canonicalJourney, type Journey } from '../model/journey.ts';
import type { ValidationIssue } from '../model/validation-issue.ts';
import { findJsonSyntaxFault } from './json-syntax.ts';
import { migrateJourney, type MigrationResult } from './migrate.ts';

export function parseJourneyText(text: string): MigrationResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const fault = findJsonSyntaxFault(text);
    const where = fault ? ` at line ${fault.line}, column ${fault.column}: ${fault.reason}` : '';
    const issue: ValidationIssue = { path: '$', message: `is not valid JSON${where}` };
    return { ok: false, issues: [issue] };
  }
  return migrateJourney(raw);
}

/** The journey as a file: canonical order, two-space indent, trailing newline. */
export function serialiseJourney(journey: Journey): string {
  return `${JSON.stringify(canonicalJourney(journey), null, 2)}\n`;
}
