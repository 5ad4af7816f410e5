/**
 * GET /schema/theory-of-change/v1.json: the JSON Schema that exported theories of change validate
 * against, generated from the zod model. Public (it describes a format, not anyone's data) and
 * stable: a new schema version gets a new URL.
 */
import type { APIRoute } from 'astro';
import { tocJsonSchema } from '../../../../src/toc/index.ts';

export const GET: APIRoute = ({ locals }) => {
  // Its `$id` names this server as configured (PUBLIC_URL), never as a request's Host says.
  const schema = tocJsonSchema(locals.baseUrl);
  return new Response(`${JSON.stringify(schema, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  });
};
