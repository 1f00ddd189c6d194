/** UI text of the map part of the map page; merged into the dictionaries in ../messages.ts. */
export const zhCN = {} as const;

export const en: Record<keyof typeof zhCN, string> = {};
