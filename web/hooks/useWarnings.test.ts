import { describe, expect, it } from 'vitest';
import { warningCountsByOrg } from './useWarnings.ts';

describe('warningCountsByOrg', () => {
  it('looks the summary up by organisation and leaves out those with none', () => {
    const counts = warningCountsByOrg([
      { orgId: 5, open: 2, critical: 1 },
      { orgId: 9, open: 0, critical: 0 },
    ]);
    expect([...counts]).toEqual([[5, { open: 2, critical: 1 }]]);
  });
});
