/** What every theory-of-change command checks before it writes. */
import type * as Y from 'yjs';
import { z } from 'zod/mini';
import { CommandError, parseInput } from '../command-error.ts';
import { isTocDoc, tocLinkMap, tocNodeMap } from './layout.ts';

/** Refuse to write theory-of-change maps into a document that is not one (a journey, or not yet synced). */
export function requireTocDoc(doc: Y.Doc, command: string): void {
  if (!isTocDoc(doc)) {
    throw new CommandError(command, [{ path: '$', message: 'this document is not a theory of change' }]);
  }
}

export function requireTocNode(doc: Y.Doc, command: string, id: string, path = '$.nodeId'): Y.Map<unknown> {
  requireTocDoc(doc, command);
  const node = tocNodeMap(doc, id);
  if (!node) throw new CommandError(command, [{ path, message: `node "${id}" does not exist` }]);
  return node;
}

export function requireTocLink(doc: Y.Doc, command: string, id: string, path = '$.linkId'): Y.Map<unknown> {
  requireTocDoc(doc, command);
  const link = tocLinkMap(doc, id);
  if (!link) throw new CommandError(command, [{ path, message: `link "${id}" does not exist` }]);
  return link;
}

/** Parse one named value, so a refusal names the field (`$.title`), not just `$`. */
export function parseField<T>(command: string, field: string, schema: z.ZodMiniType<T>, value: unknown): T {
  return parseInput(command, z.strictObject({ [field]: schema }), { [field]: value })[field] as T;
}

/** Refuse an addition that would take a collection past the schema's cap. */
export function requireRoom(command: string, size: number, max: number, what: string): void {
  if (size >= max) {
    throw new CommandError(command, [{ path: '$', message: `a theory of change holds at most ${max} ${what}` }]);
  }
}
