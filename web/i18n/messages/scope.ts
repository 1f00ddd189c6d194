/**
 * What a number counts and over which scope (issue 16): the scope words that head every headline
 * figure, and the one definition of an online terminal. Merged into ../messages.ts.
 */
export const zhCN = {
  'scope.prefecture': '全州',
  'scope.subtree': '本组织及下级',
  'scope.branch': '本支部',
  'scope.self': '本人',
  // The scope's counties by name; many are summed up.
  'scope.counties': '{names}',
  'scope.manyCounties': '所在 {n} 县（市）',
  'scope.none': '无',
  'scope.figure': '{scope}{what}',
  'online.terminals': '在线终端',
  'online.definition': '{minutes} 分钟内有定位',
  'online.ofTotal': '共 {total} 台 · {minutes} 分钟内有定位',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'scope.prefecture': 'prefecture-wide',
  'scope.subtree': 'your organisation and below',
  'scope.branch': 'your branch',
  'scope.self': 'your own',
  'scope.counties': '{names}',
  'scope.manyCounties': 'your {n} counties',
  'scope.none': 'none',
  'scope.figure': '{what} · {scope}',
  'online.terminals': 'Terminals online',
  'online.definition': 'fix within {minutes} min',
  'online.ofTotal': 'of {total} · fix within {minutes} min',
} as const;
