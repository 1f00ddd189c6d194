import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.ts';

describe('LoginThrottle', () => {
  it('lets a few failures through, then backs off by doubling, capped', () => {
    const t = new LoginThrottle(3, 8_000, 1000, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('leader', 'a', 1_000 + i)).toBe(0);
      t.fail('leader', 'a', 1_000 + i);
    }
    // Three free failures, the last at 1,002: one second of back-off, then two, four, eight, eight.
    expect(t.retryAfter('leader', 'a', 1_500)).toBe(1);
    expect(t.retryAfter('leader', 'b', 1_500)).toBe(1); // per account, from any address
    expect(t.retryAfter('admin', 'a', 1_500)).toBe(0);
    let at = 2_002;
    for (const expected of [2, 4, 8, 8]) {
      expect(t.retryAfter('leader', 'a', at)).toBe(0);
      t.fail('leader', 'a', at);
      expect(t.retryAfter('leader', 'a', at)).toBe(expected);
      at += expected * 1000;
    }
  });

  it('never locks the owner out for longer than the back-off, however long the guessing goes on', () => {
    const t = new LoginThrottle(5, 60_000, 1e9, 15 * 60_000);
    let now = 0;
    for (let i = 0; i < 200; i++) {
      const wait = t.retryAfter('secretary', 'attacker', now);
      now += wait * 1000;
      t.fail('secretary', 'attacker', now);
    }
    // Right after the attacker's last try the owner waits at most a minute, then gets in.
    expect(t.retryAfter('secretary', 'owner', now)).toBeLessThanOrEqual(60);
    expect(t.retryAfter('secretary', 'owner', now + 60_000)).toBe(0);
  });

  it('stops one address spraying passwords across accounts, and not the others', () => {
    const t = new LoginThrottle(5, 60_000, 20, 15 * 60_000);
    for (let i = 0; i < 20; i++) t.fail(`user${i}`, 'sprayer', i);
    expect(t.retryAfter('user99', 'sprayer', 100)).toBeGreaterThan(800);
    expect(t.retryAfter('user99', 'elsewhere', 100)).toBe(0);
    expect(t.retryAfter('user99', 'sprayer', 15 * 60_000 + 1)).toBe(0);
  });

  it("forgets an account's failures after a successful login", () => {
    const t = new LoginThrottle(2, 60_000, 100, 60_000);
    t.fail('member', 'a', 0);
    t.fail('member', 'a', 1);
    t.succeed('member');
    t.fail('member', 'a', 2);
    expect(t.retryAfter('member', 'a', 3)).toBe(0);
  });
});
