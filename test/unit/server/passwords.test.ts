/** Staff passwords (AUTH10): the policy in plain words, and hashes that check only the right password. */
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordMatches, passwordProblem } from '../../../server/auth/passwords.ts';
import { MemorySigninThrottle } from '../../../server/auth/signin-throttle.ts';

describe('the password policy (AUTH10)', () => {
  it('asks for 12 characters or more', () => {
    expect(passwordProblem('short words')).toMatch(/at least 12 characters/);
    expect(passwordProblem('three short words')).toBeUndefined();
  });

  it('refuses the most common passwords, whatever their case', () => {
    expect(passwordProblem('qwerty123456')).toMatch(/most common passwords/);
    expect(passwordProblem('QWERTY123456')).toMatch(/most common passwords/);
  });

  it("refuses the person's own email address or name", () => {
    expect(passwordProblem('sam.carter@example.org', { email: 'sam.carter@example.org' })).toMatch(/own email/);
    expect(passwordProblem('Samantha Carter', { name: 'samantha carter' })).toMatch(/own email address or name/);
  });
});

describe('password hashes', () => {
  it('match the password they were made from and no other, with a new salt each time', async () => {
    const [one, two] = await Promise.all([hashPassword('tea at the library'), hashPassword('tea at the library')]);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await passwordMatches('tea at the library', one)).toBe(true);
    expect(await passwordMatches('tea at the Library', one)).toBe(false);
    expect(await passwordMatches('tea at the library', 'not-a-hash')).toBe(false);
  });
});

describe('the sign-in throttle (AUTH10)', () => {
  it('makes an account wait after 5 failures in 15 minutes, and forgives as they age', async () => {
    let now = 0;
    const throttle = new MemorySigninThrottle(() => now);
    for (let i = 0; i < 4; i++) await throttle.failed('Sam@example.org', 'a');
    expect(await throttle.waitMinutes('sam@example.org', 'b')).toBe(0);
    await throttle.failed('sam@example.org', 'a');
    expect(await throttle.waitMinutes('sam@example.org', 'b')).toBe(15);
    now = 15 * 60_000 + 1;
    expect(await throttle.waitMinutes('sam@example.org', 'b')).toBe(0);
  });

  it('makes an address wait after 20 failures across accounts, and a good sign-in clears only the account', async () => {
    const throttle = new MemorySigninThrottle(() => 0);
    for (let i = 0; i < 20; i++) await throttle.failed(`person${i}@example.org`, '10.0.0.9');
    expect(await throttle.waitMinutes('new@example.org', '10.0.0.9')).toBeGreaterThan(0);
    expect(await throttle.waitMinutes('new@example.org', '10.0.0.10')).toBe(0);
    await throttle.succeeded('person1@example.org');
    expect(await throttle.waitMinutes('person1@example.org', '10.0.0.10')).toBe(0);
  });
});
