import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromToc, readToc, tocAsStored, writeToc } from '../../src/doc/index.ts';
import { tocArb } from './toc-arbitrary.ts';

describe('TheoryOfChange → Y.Doc → TheoryOfChange', () => {
  it('round-trips any valid theory of change, also through an encoded update', () => {
    fc.assert(
      fc.property(tocArb, (toc) => {
        const doc = fromToc(toc);
        const direct = readToc(doc);
        expect(direct.quarantined).toEqual([]);
        expect(direct.toc).toStrictEqual(tocAsStored(toc));

        const replica = new Y.Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
        expect(readToc(replica).toc).toStrictEqual(direct.toc);
      }),
      { numRuns: 200 },
    );
  });

  it('writes nothing when a theory of change is written over itself', () => {
    fc.assert(
      fc.property(tocArb, (toc) => {
        const doc = fromToc(toc);
        const before = Y.encodeStateVector(doc);
        writeToc(doc, toc);
        writeToc(doc, readToc(doc).toc);
        expect(Y.encodeStateVector(doc)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('turns one theory of change into another by writing only the difference', () => {
    fc.assert(
      fc.property(tocArb, tocArb, (first, second) => {
        const doc = fromToc(first);
        writeToc(doc, second);
        expect(readToc(doc).toc).toStrictEqual(tocAsStored(second));
      }),
      { numRuns: 100 },
    );
  });
});
