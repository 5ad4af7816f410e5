import { describe, expect, it } from 'vitest';
import { mergeThreeWay } from '../../site/islands/session/three-way-merge.ts';

const base = {
  title: 'Our journey',
  family: { pseudonym: 'The Holt family', members: [{ id: 'fm_1', pseudonym: 'Sue' }] },
  stages: [
    { id: 'st_1', title: 'Moved in with Nan', words: 'It was cramped.' },
    { id: 'st_2', title: 'School', words: '' },
    { id: 'st_3', title: 'Court', words: 'Hard.' },
  ],
};

describe('carrying a device’s unsaved changes onto a moved document (three-way, by field)', () => {
  it('takes what the device changed and keeps what others changed since', () => {
    const device = {
      ...base,
      stages: [
        { id: 'st_1', title: 'Moved in with Nan', words: 'It was cramped, but warm.' }, // edited offline
        { id: 'st_2', title: 'School', words: '' },
        // st_3 deleted offline
        { id: 'st_9', title: 'A new flat', words: '' }, // added offline
      ],
    };
    const live = {
      ...base,
      title: 'Our journey, retold', // someone else, after the move
      family: { ...base.family, pseudonym: 'The Holts' },
      stages: [
        { id: 'st_1', title: 'Moved in with Nan (2014)', words: 'It was cramped.' }, // another field of the same stage
        { id: 'st_2', title: 'School', words: 'Excluded twice.' },
        { id: 'st_3', title: 'Court', words: 'Hard.' },
        { id: 'st_5', title: 'Added by the worker', words: '' },
      ],
    };
    expect(mergeThreeWay(base, device, live)).toEqual({
      title: 'Our journey, retold',
      family: { pseudonym: 'The Holts', members: [{ id: 'fm_1', pseudonym: 'Sue' }] },
      stages: [
        { id: 'st_1', title: 'Moved in with Nan (2014)', words: 'It was cramped, but warm.' },
        { id: 'st_2', title: 'School', words: 'Excluded twice.' },
        { id: 'st_5', title: 'Added by the worker', words: '' },
        { id: 'st_9', title: 'A new flat', words: '' },
      ],
    });
  });

  it('leaves a record others deleted deleted, and changes nothing the device did not change', () => {
    const live = { ...base, stages: base.stages.slice(0, 2) };
    expect(mergeThreeWay(base, base, live)).toEqual(live);
  });
});
