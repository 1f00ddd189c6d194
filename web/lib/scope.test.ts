import { describe, expect, it } from 'vitest';
import type { MessageParams } from '../i18n/context.ts';
import { zhCN } from '../i18n/messages/scope.ts';
import { scopedLabel, scopeWords, treeScope } from './scope.ts';

// The Chinese dictionary of the scope words, filled like the app fills it.
const t = (key: string, params: MessageParams = {}) =>
  (zhCN[key as keyof typeof zhCN] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

describe('treeScope', () => {
  it('follows the server: a member has a branch, the tree root the prefecture', () => {
    expect(treeScope({ parentId: null, children: [1] }, 'leader')).toBe('prefecture');
    expect(treeScope({ parentId: 24, children: [] }, 'secretary')).toBe('branch');
    expect(treeScope({ parentId: 1, children: [1, 2] }, 'secretary')).toBe('subtree');
    // A member of the committee itself still sees only their own organisation.
    expect(treeScope({ parentId: null, children: [] }, 'member')).toBe('branch');
  });
});

describe('scopeWords and scopedLabel', () => {
  it('name the scope before what is counted', () => {
    expect(scopedLabel(t, '党员', 'branch')).toBe('本支部党员');
    expect(scopedLabel(t, '党员', 'prefecture')).toBe('全州党员');
    expect(scopedLabel(t, '在线终端', 'self')).toBe('本人在线终端');
  });

  it('name the counties, or sum them up when there are many', () => {
    expect(scopeWords(t, 'counties', [{ name: '麻栗坡县' }])).toBe('麻栗坡县');
    expect(scopeWords(t, 'counties', [{ name: '麻栗坡县' }, { name: '马关县' }])).toBe('麻栗坡县、马关县');
    expect(scopeWords(t, 'counties', [{ name: 'a' }, { name: 'b' }, { name: 'c' }])).toBe('所在 3 县（市）');
    expect(scopeWords(t, 'counties', [])).toBe('无');
  });
});
