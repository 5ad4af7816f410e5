/**
 * REFUSE1 in the editor, without a browser: which closes are refusals, what the person is told
 * for each, and which of their words they would lose (and so are shown to copy). The browser
 * plays the whole path in test/browser/refusal.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_KINDS, fromJourney } from '../../src/doc/index.ts';
import { FactorIdSchema } from '../../src/model/index.ts';
import { CLOSE_CODES, REFUSAL_CLOSES } from '../../src/protocol/index.ts';
import { journeyWords } from '../../site/islands/journey/journey-words.ts';
import {
  refusalMessage,
  refusalOf,
  reloadsAtOnce,
  unsavedWords,
  type RefusalReason,
} from '../../site/islands/session/refusal.ts';
import { storedPart } from '../../site/islands/session/stored-part.ts';
import { tocWords } from '../../site/islands/toc/toc-words.ts';
import { smallJourney } from '../fixtures/small-journey.ts';
import { smallToc } from '../fixtures/small-toc.ts';

const REASONS: RefusalReason[] = ['linkExpired', 'accessRevoked', 'documentErased', 'quotaExceeded'];

describe('refusals', () => {
  it('REFUSE1: each refusal close is one reason; every other close is none', () => {
    expect(REASONS.map((reason) => refusalOf(CLOSE_CODES[reason]))).toEqual(REASONS);
    expect([...REFUSAL_CLOSES].sort()).toEqual([...REASONS].sort());
    for (const other of [
      'goingAway',
      'badMessage',
      'readOnly',
      'tooManyMessages',
      'storageFailure',
      'fellBehind',
    ] as const)
      expect(refusalOf(CLOSE_CODES[other]), other).toBeUndefined();
  });

  it('REFUSE1: the document is loaded again at once after a quota refusal only; after the others the link is dead', () => {
    expect(REASONS.filter(reloadsAtOnce)).toEqual(['quotaExceeded']);
  });

  it('says why in one short, plain message per reason, and what to do', () => {
    const said = REASONS.flatMap((reason) =>
      (['invite', 'sign-in'] as const).map((opened) => ({ reason, opened, ...refusalMessage(reason, opened, 'map') })),
    );
    expect(said.find((m) => m.reason === 'linkExpired' && m.opened === 'invite')).toMatchObject({
      heading: 'This link has run out.',
      advice: 'Ask the person running the session for a new one.',
    });
    expect(said.find((m) => m.reason === 'accessRevoked' && m.opened === 'sign-in')?.heading).toBe(
      'Your sign-in here has ended.',
    );
    expect(said.find((m) => m.reason === 'accessRevoked' && m.opened === 'invite')?.heading).toBe(
      'This link has been stopped.',
    );
    expect(said.find((m) => m.reason === 'documentErased')?.heading).toBe('This map has been deleted.');
    const quota = said.filter((m) => m.reason === 'quotaExceeded');
    expect(quota.map((m) => m.heading)).toEqual(['This map is full.', 'This map is full.']);
    for (const m of quota) expect(m.advice).toContain('Your last change was not saved.');
    // A family cannot make room; they tell the person running the session, who can ask for it.
    expect(quota.find((m) => m.opened === 'invite')?.advice).toContain('Tell the person running the session.');
    expect(quota.find((m) => m.opened === 'sign-in')?.advice).toContain(
      'Ask whoever runs Turning Points for more room.',
    );
    // One heading per reason (and opener), never a shared catch-all.
    expect(new Set(said.map((m) => `${m.reason}|${m.heading}`)).size).toBe(new Set(said.map((m) => m.heading)).size);
    for (const message of said)
      for (const sentence of `${message.heading} ${message.advice}`.split(/(?<=\.)\s+/)) {
        // Short sentences in everyday words: a parent who reads little can follow them.
        expect(sentence.split(/\s+/).length, sentence).toBeLessThanOrEqual(12);
        expect(sentence, 'no jargon').not.toMatch(/token|server|error|quota|sync|revoked|expired/i);
      }
    expect(refusalMessage('documentErased', 'invite', 'theory of change').heading).toBe(
      'This theory of change has been deleted.',
    );
  });

  it('keeps the words that differ from what was stored, saying where each was', () => {
    const stored = smallJourney();
    const current = structuredClone(stored);
    current.stages[0]!.words = 'We had nowhere to go. We slept at my sister’s.';
    current.factors.push({
      ...stored.factors[0]!,
      id: FactorIdSchema.parse('f9'),
      stageId: stored.stages[0]!.id,
      kind: 'barrier',
      text: 'No deposit',
      codes: [],
    });
    expect(unsavedWords(stored, current, journeyWords)).toEqual([
      {
        key: 'stage:s1:words',
        where: '“Lost the flat”: in their own words',
        text: 'We had nowhere to go. We slept at my sister’s.',
      },
      { key: 'factor:f9', where: '“Lost the flat”: what got in the way', text: 'No deposit' },
    ]);
    expect(unsavedWords(stored, stored, journeyWords)).toEqual([]);
    expect(unsavedWords(undefined, undefined, journeyWords)).toEqual([]);
  });

  it('finds, in a live document, exactly the words typed since the server last said it stored everything', () => {
    const doc = fromJourney(smallJourney());
    const stored = Y.decodeStateVector(Y.encodeStateVector(doc));
    const stage = doc.getMap('stages').get('s2') as Y.Map<unknown>;
    const words = stage.get('words') as Y.Text;
    words.insert(words.length, ' She brought biscuits.');
    const kind = DOCUMENT_KINDS.journey;
    const lost = unsavedWords(kind.read(storedPart(doc, stored)).model, kind.read(doc).model, journeyWords);
    expect(lost.map((piece) => [piece.key, piece.text])).toEqual([['stage:s2:words', words.toString()]]);
    expect(words.toString()).toMatch(/She brought biscuits\.$/);
  });

  it('lists the words of a theory of change too', () => {
    const toc = smallToc();
    const changed = structuredClone(toc);
    changed.nodes[0]!.description = 'Families feel safe at home.';
    expect(unsavedWords(toc, changed, tocWords).map((piece) => piece.text)).toEqual(['Families feel safe at home.']);
  });
});
