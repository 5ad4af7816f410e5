/**
 * Canonical JSON for a theory of change, the JSON Schema it validates against (published at a
 * stable URL), and reading it back with errors that say where.
 */
import { z } from 'zod/mini';
import { findJsonSyntaxFault } from '../../migrations/json-syntax.ts';
import {
  canonicalToc,
  issuesFrom,
  TheoryOfChangeSchema,
  TOC_SCHEMA_VERSION,
  type TheoryOfChange,
  type ValidationIssue,
} from '../../model/index.ts';

/** Where the server publishes the schema; a new schema version gets a new path, never an edit. */
export const TOC_JSON_SCHEMA_PATH = '/schema/theory-of-change/v1.json';

/**
 * The theory of change as canonical JSON: canonical order, keys in schema order, two-space
 * indent, trailing newline. Equal models give byte-identical text.
 *
 * Throws if the model is not valid: an export never publishes what its own schema rejects.
 */
export function tocToJson(toc: TheoryOfChange): string {
  // Parsing puts every object's keys in schema order, whatever order they were built in.
  const ordered = TheoryOfChangeSchema.parse(canonicalToc(toc));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of exported theories of change, generated from the zod model
 * as it is output (defaults filled in), so every `tocToJson` document validates against it.
 * Rules that span records (ids unique, links pointing at nodes) are not expressible in JSON
 * Schema; `parseTocJson` checks them.
 *
 * `$id` is the path on the server; give `origin` ("https://example.org") for an absolute URI.
 */
export function tocJsonSchema(origin = ''): JsonSchema {
  const { $schema, ...generated } = z.toJSONSchema(TheoryOfChangeSchema, {
    io: 'output',
    target: 'draft-2020-12',
    unrepresentable: 'throw',
  });
  return {
    $schema,
    $id: `${origin.replace(/\/$/, '')}${TOC_JSON_SCHEMA_PATH}`,
    title: 'Turning Points theory of change',
    description:
      'A theory of change exported by Turning Points: nodes from activities up to impact, the links ' +
      'between them with rationale, interventions, assumptions and confidence, indicators shaped after ' +
      'IATI result indicators, assumptions, the ceiling of accountability, and evidence pointing at the ' +
      'journey stages that support each element. `families` counts the distinct journeys behind an ' +
      'element, or is "suppressed" where fewer families than the disclosure threshold stand behind it; ' +
      '`quote` carries a family’s words only where their consent allows sharing them.',
    ...generated,
  };
}

export type TocJsonResult = { ok: true; toc: TheoryOfChange } | { ok: false; issues: ValidationIssue[] };

/** Read exported JSON back: syntax faults by line and column, model faults by JSON path. */
export function parseTocJson(text: string): TocJsonResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const fault = findJsonSyntaxFault(text);
    const where = fault ? ` at line ${fault.line}, column ${fault.column}: ${fault.reason}` : '';
    return { ok: false, issues: [{ path: '$', message: `is not valid JSON${where}` }] };
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > TOC_SCHEMA_VERSION) {
    const message = `is ${version}, newer than this version of Turning Points reads (${TOC_SCHEMA_VERSION})`;
    return { ok: false, issues: [{ path: '$.schemaVersion', message }] };
  }
  // Strict, like the published schema: a field the model does not have is named, not dropped.
  const parsed = TheoryOfChangeSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, toc: canonicalToc(parsed.data) }
    : { ok: false, issues: issuesFrom(parsed.error) };
}
