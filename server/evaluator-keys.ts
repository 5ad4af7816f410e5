/**
 * Keys in place of stored ids for one evaluator grant (SPEC TOC6): HMAC-SHA256 under a key
 * derived for that grant from the server's secret, cut to 16 base64url characters after a
 * one-letter kind. The same grant reads the same key for an id every time; another grant reads
 * another, so two evaluators cannot join their views, and no stored id (which may carry a
 * family's words) reaches either.
 */
import { createHmac } from 'node:crypto';
import type { IdKind, KeyOf } from '../src/toc/index.ts';

const KIND_LETTER: Record<IdKind, string> = {
  journey: 'j',
  stage: 's',
  factor: 'f',
  'cost-event': 'c',
  node: 'n',
  link: 'l',
  indicator: 'i',
  assumption: 'a',
};

/** The keys one evaluator grant reads. */
export function evaluatorKeys(secret: Buffer, grantId: string): KeyOf {
  const grantKey = createHmac('sha256', secret).update(`evaluator-key:${grantId}`).digest();
  return (kind, id) => {
    const digest = createHmac('sha256', grantKey).update(`${kind}:${id}`).digest('base64url');
    return `${KIND_LETTER[kind]}-${digest.slice(0, 16)}`;
  };
}
