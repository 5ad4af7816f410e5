/**
 * REFUSE1: what a page would lose when its copy is dropped is what the server had not
 * acknowledged storing. `storedPart` rebuilds the acknowledged part from the page's own copy.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { storedPart } from '../../site/islands/session/stored-part.ts';

const stateVector = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe('the stored part of a document', () => {
  it('holds what was acknowledged, not what was typed since', () => {
    const doc = new Y.Doc();
    const words = doc.getMap('stages').set('s1', new Y.Map<unknown>());
    words.set('words', new Y.Text('We kept the curtains shut.'));
    words.set('feeling', 'low');
    const stored = stateVector(doc);
    (words.get('words') as Y.Text).insert(26, ' Nobody knocked.');
    words.set('feeling', 'high');
    doc.getMap('stages').set('s2', new Y.Map<unknown>());

    const part = storedPart(doc, stored);
    const stage = part.getMap('stages').get('s1') as Y.Map<unknown>;
    expect((stage.get('words') as Y.Text).toString()).toBe('We kept the curtains shut.');
    // Deletions carry no clock, so a value replaced since reads as gone, not as the old one:
    // either way the new value is what the page would lose.
    expect(stage.get('feeling')).toBeUndefined();
    expect(part.getMap('stages').has('s2')).toBe(false);
    expect(doc.gc, 'the page’s own document still collects deleted content').toBe(true);
  });

  it('is empty before anything was acknowledged, and whole once everything was', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    doc.getText('t').delete(0, 1);
    expect(storedPart(doc, new Map()).getText('t').toString()).toBe('');
    expect(storedPart(doc, stateVector(doc)).getText('t').toString()).toBe('ello');
  });

  it('ignores what the server stored that this page has not received yet', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'mine');
    const stored = new Map([...stateVector(doc), [doc.clientID + 1, 50]]);
    stored.set(doc.clientID, 99);
    expect(storedPart(doc, stored).getText('t').toString()).toBe('mine');
  });
});
