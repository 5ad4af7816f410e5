/**
 * Ids for new documents: random, carrying no content. A family's words never become an id, a
 * URL or a log line, so nothing about a journey can be read off its address.
 */
import { newId } from '../src/model/ids.ts';

const PREFIX = { journey: 'j', toc: 't' } as const;

export const newDocumentId = (kind: keyof typeof PREFIX): string => newId(PREFIX[kind]);
