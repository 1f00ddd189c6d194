import type { Translate } from '../i18n/context.ts';

/** What a scope is (api/stats/routes.ts `ScopeKind`): the whole tree, a subtree, one organisation. */
export type ScopeKind = 'prefecture' | 'subtree' | 'branch';
/** Over what one figure is counted (api/stats/routes.ts `FigureScope`). */
export type FigureScope = ScopeKind | 'self' | 'counties';

/** County names are listed up to this many; more are summed up ("所在 3 县（市）"). */
const LISTED_COUNTIES = 2;

/**
 * The scope of an organisation tree as the caller sees it, by the server's rule (scope.sql): a
 * member's is their own organisation; otherwise the root of the whole tree is the prefecture, a
 * root with organisations below is a subtree, and a lone organisation is a branch.
 */
export function treeScope(root: { parentId: number | null; children: readonly unknown[] }, role: string): ScopeKind {
  if (role === 'member') return 'branch';
  if (root.parentId === null) return 'prefecture';
  return root.children.length > 0 ? 'subtree' : 'branch';
}

/** The words for a figure's scope: "全州", "本支部", "本人", or the counties by name. */
export function scopeWords(t: Translate, scope: FigureScope, counties: readonly { name: string }[] = []): string {
  if (scope !== 'counties') return t(`scope.${scope}` as const);
  if (counties.length === 0) return t('scope.none');
  if (counties.length > LISTED_COUNTIES) return t('scope.manyCounties', { n: counties.length });
  return t('scope.counties', { names: counties.map((c) => c.name).join('、') });
}

/** A figure's label with its scope: "本支部党员", "麻栗坡县工作站点" ("Party members · your branch"). */
export function scopedLabel(
  t: Translate,
  what: string,
  scope: FigureScope,
  counties: readonly { name: string }[] = [],
): string {
  return t('scope.figure', { scope: scopeWords(t, scope, counties), what });
}
