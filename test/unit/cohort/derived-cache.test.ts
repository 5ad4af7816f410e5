/**
 * What the cohort view keeps between visits (src/cohort/derived-cache.ts): an entry lives while
 * its stamp is unchanged, a result while its inputs are the same values, and an erasure leaves
 * nothing behind, not even what a reading under way at the time would have kept.
 */
import { describe, expect, it } from 'vitest';
import { DerivedCache, perOwner } from '../../../src/cohort/index.ts';

describe('DerivedCache', () => {
  it('gives back an entry only under the stamp it was kept with', () => {
    const cache = new DerivedCache<string>();
    cache.reading().keep('jo_1', 'stamp-1', 'facts');
    expect(cache.get('jo_1', 'stamp-1')).toBe('facts');
    expect(cache.get('jo_1', 'stamp-2')).toBeUndefined();
    expect(cache.get('jo_2', 'stamp-1')).toBeUndefined();
    cache.drop('jo_1');
    expect(cache.holds('jo_1')).toBe(false);
  });

  it('gives back a result only for the same inputs in the same order', () => {
    const cache = new DerivedCache<string, { view: number }>();
    const a = { journey: 'a' };
    const b = { journey: 'b' };
    const result = { view: 1 };
    cache.reading().keepResult('co_1', ['fa_1', a, 'fa_2', b], result);
    expect(cache.result('co_1', ['fa_1', a, 'fa_2', b])).toBe(result);
    expect(cache.result('co_1', ['fa_2', b, 'fa_1', a])).toBeUndefined();
    expect(cache.result('co_1', ['fa_1', { ...a }, 'fa_2', b])).toBeUndefined();
    expect(cache.result('co_1', ['fa_1', a])).toBeUndefined();
    expect(cache.result('co_2', ['fa_1', a, 'fa_2', b])).toBeUndefined();
  });

  it('forgets erased keys and every result at once', () => {
    const cache = new DerivedCache<string, string>();
    const reading = cache.reading();
    reading.keep('fa_1', 's', 'cases of fa_1');
    reading.keep('fa_2', 's', 'cases of fa_2');
    reading.keepResult('co_1', ['fa_1', 'fa_2'], 'figures');
    cache.forget(['fa_1']);
    expect(cache.holds('fa_1')).toBe(false);
    expect(cache.holds('co_1')).toBe(false);
    expect(cache.get('fa_2', 's')).toBe('cases of fa_2');
    expect(cache.size).toBe(1);
  });

  it('keeps nothing from a reading that began before an erasure', () => {
    const cache = new DerivedCache<string, string>();
    const before = cache.reading();
    cache.forget(['fa_1']);
    before.keep('fa_1', 's', 'read before the erasure');
    before.keepResult('co_1', ['fa_1'], 'figures');
    expect(cache.size).toBe(0);
    const after = cache.reading();
    after.keep('fa_2', 's', 'read after');
    expect(cache.get('fa_2', 's')).toBe('read after');
  });
});

describe('perOwner', () => {
  it('makes one value per owner, once', () => {
    let made = 0;
    const of = perOwner((owner: { name: string }) => ({ owner: owner.name, n: ++made }));
    const one = { name: 'one' };
    expect(of(one)).toBe(of(one));
    expect(of({ name: 'two' }).n).toBe(2);
    expect(made).toBe(2);
  });
});
