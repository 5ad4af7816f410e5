import { describe, expect, it } from 'vitest';
import { checkWhen, type WhenDraft } from '../../site/islands/journey/when-draft.ts';

const empty: WhenDraft = { kind: 'month', date: '', month: '', year: '', memberId: '', years: '', phrase: '' };

describe('the When form’s check', () => {
  it('turns each kind of answer into a stage’s when', () => {
    expect(checkWhen({ ...empty, kind: 'date', date: '2014-03-09' }).when).toEqual({
      kind: 'date',
      date: '2014-03-09',
    });
    expect(checkWhen({ ...empty, kind: 'month', month: '03', year: ' 2014 ' }).when).toEqual({
      kind: 'month',
      month: '2014-03',
    });
    expect(checkWhen({ ...empty, kind: 'year', year: '2016' }).when).toEqual({ kind: 'year', year: 2016 });
    expect(checkWhen({ ...empty, kind: 'age', memberId: 'kai', years: '12' }).when).toEqual({
      kind: 'age',
      memberId: 'kai',
      years: 12,
    });
    expect(checkWhen({ ...empty, kind: 'phrase', phrase: ' the winter Jade was excluded ' }).when).toEqual({
      kind: 'phrase',
      text: 'the winter Jade was excluded',
    });
  });

  it('says what to put right in each box at fault, and gives no when', () => {
    expect(checkWhen({ ...empty, kind: 'month' })).toEqual({
      errors: { month: 'Choose the month.', year: 'Enter the year.' },
    });
    expect(checkWhen({ ...empty, kind: 'month', month: '03', year: '14' }).errors).toEqual({
      year: 'Enter the year as four digits, like 2014.',
    });
    expect(checkWhen({ ...empty, kind: 'year', year: '1850' }).errors).toEqual({
      year: 'Enter a year from 1900 to 2200.',
    });
    expect(checkWhen({ ...empty, kind: 'date', date: '2014-02-30' }).errors).toEqual({
      date: 'Enter a real day, like 9 March 2014.',
    });
    expect(checkWhen({ ...empty, kind: 'age', years: '-1' }).errors).toEqual({
      memberId: 'Choose whose age it was.',
      years: 'Enter how old they were, as a whole number from 0 to 120.',
    });
    expect(checkWhen({ ...empty, kind: 'phrase', phrase: 'x'.repeat(121) }).errors).toEqual({
      phrase: 'This can be at most 120 characters, and it has 121. Shorten it.',
    });
    expect(checkWhen({ ...empty, kind: 'phrase', phrase: '   ' }).when).toBeUndefined();
  });
});
