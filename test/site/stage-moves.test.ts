/** The words said when a stage changes place: one stage moved, named with where it went. */
import { describe, expect, it } from 'vitest';
import { stageMoveWords } from '../../site/islands/journey/stage-moves.ts';

const stages = (...titles: string[]) => titles.map((title) => ({ id: title.toLowerCase(), title }));

describe('stageMoveWords', () => {
  it('names the stage that moved and the stage it now follows', () => {
    expect(stageMoveWords(stages('A', 'B', 'C', 'D'), stages('B', 'C', 'A', 'D'))).toBe('Moved “A” after “C”');
    expect(stageMoveWords(stages('A', 'B', 'C', 'D'), stages('A', 'D', 'B', 'C'))).toBe('Moved “D” after “A”');
  });

  it('says “to the start” for a stage moved first', () => {
    expect(stageMoveWords(stages('A', 'B', 'C'), stages('C', 'A', 'B'))).toBe('Moved “C” to the start');
  });

  it('names the stage this person has open when two neighbours swapped', () => {
    expect(stageMoveWords(stages('A', 'B', 'C'), stages('B', 'A', 'C'), 'a')).toBe('Moved “A” after “B”');
    expect(stageMoveWords(stages('A', 'B', 'C'), stages('B', 'A', 'C'), 'b')).toBe('Moved “B” to the start');
  });

  it('says nothing for the same order, a stage added or removed, or several moved at once', () => {
    expect(stageMoveWords(stages('A', 'B'), stages('A', 'B'))).toBeUndefined();
    expect(stageMoveWords(stages('A', 'B'), stages('A', 'B', 'C'))).toBeUndefined();
    expect(stageMoveWords(stages('A', 'B', 'C'), stages('A', 'B', 'D'))).toBeUndefined();
    expect(stageMoveWords(stages('A', 'B', 'C', 'D'), stages('D', 'C', 'B', 'A'))).toBeUndefined();
  });

  it('uses a stage’s title as it is now', () => {
    const before = stages('A', 'B');
    const after = [
      { id: 'b', title: 'B' },
      { id: 'a', title: 'A, renamed' },
    ];
    expect(stageMoveWords(before, after, 'a')).toBe('Moved “A, renamed” after “B”');
  });
});
