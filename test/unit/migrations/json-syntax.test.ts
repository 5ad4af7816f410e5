import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxFault } from '../../../src/migrations/json-syntax.ts';

describe('findJsonSyntaxFault', () => {
  it.each([
    ['{"a": oops}', { line: 1, column: 7 }],
    ['{\n  "a": 1,\n}', { line: 3, column: 1 }],
    ['{"a": "line\nbreak"}', { line: 1, column: 12 }],
    ['[1, 2', { line: 1, column: 6 }],
    ['{"a": 1} extra', { line: 1, column: 10 }],
    ["{'a': 1}", { line: 1, column: 2 }],
  ])('places the fault in %j', (text, where) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxFault(text)).toMatchObject(where);
  });

  it('agrees with JSON.parse about what is valid', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (json, cut, junk) => {
        expect(findJsonSyntaxFault(json)).toBeUndefined();
        const broken = json.slice(0, cut % (json.length + 1)) + junk;
        let parses = true;
        try {
          JSON.parse(broken);
        } catch {
          parses = false;
        }
        expect(findJsonSyntaxFault(broken) === undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });
});
