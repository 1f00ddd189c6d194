import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.ts';

describe('LoginThrottle', () => {
  it('blocks after the limit within the window, and frees the account when the window passes', () => {
    const t = new LoginThrottle(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('leader', 1_000 + i)).toBe(0);
      t.fail('leader', 1_000 + i);
    }
    expect(t.retryAfter('leader', 2_000)).toBe(59);
    expect(t.retryAfter('admin', 2_000)).toBe(0);
    expect(t.retryAfter('leader', 61_001)).toBe(0);
  });

  it('forgets failures after a successful login', () => {
    const t = new LoginThrottle(2, 60_000);
    t.fail('member', 0);
    t.succeed('member');
    t.fail('member', 1);
    expect(t.retryAfter('member', 2)).toBe(0);
  });
});
