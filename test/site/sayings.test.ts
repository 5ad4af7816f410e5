import { describe, expect, it } from 'vitest';
import { sayings } from '../../site/lib/format.ts';

describe('several things said, on one line', () => {
  it('separates them with "; ", but only a space after one that ends its sentence', () => {
    expect(sayings([])).toBe('');
    expect(sayings(['Mum round the corner'])).toBe('Mum round the corner');
    expect(sayings(['Mum round the corner', 'the school nurse'])).toBe('Mum round the corner; the school nurse');
    expect(sayings(['Nobody asked how we were managing at home.', 'I was too frightened to open the letters.'])).toBe(
      'Nobody asked how we were managing at home. I was too frightened to open the letters.',
    );
    expect(sayings(['Who would help us?', 'nobody', 'They said “wait.”', 'so we did'])).toBe(
      'Who would help us? nobody; They said “wait.” so we did',
    );
  });
});
