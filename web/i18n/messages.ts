/**
 * UI text. Simplified Chinese is the source; English must define every key (the type checks it).
 * Placeholders are written `{name}` and filled by `t(key, { name })`.
 */
import * as areaMessages from './messages/area.ts';
import * as coverageMessages from './messages/coverage.ts';
import * as deviceMessages from './messages/devices.ts';
import * as liveMessages from './messages/live.ts';
import * as mapMessages from './messages/map.ts';
import * as panelMessages from './messages/panels.ts';
import * as portraitMessages from './messages/portraits.ts';
import * as scopeMessages from './messages/scope.ts';
import * as toolMessages from './messages/tools.ts';

const zhCN = {
  ...mapMessages.zhCN,
  ...panelMessages.zhCN,
  ...toolMessages.zhCN,
  ...liveMessages.zhCN,
  ...areaMessages.zhCN,
  ...deviceMessages.zhCN,
  ...portraitMessages.zhCN,
  ...coverageMessages.zhCN,
  ...scopeMessages.zhCN,
  'app.title': '党建电子地图',
  'app.brand': 'RedMap',
  'app.subtitle': '智慧党建平台',
  'app.documentTitle': '党建电子地图 RedMap',
  'app.loading': '正在加载…',

  'lang.label': '界面语言',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'login.heading': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.demoAccounts': '演示账号：admin / leader / secretary / member，密码均为 redmap-demo。',
  'login.fictional': '演示数据均为虚构，所涉人员、电话和证件号码与真实人员无关。',
  'login.expired': '登录已失效，请重新登录。',

  'header.user': '当前用户',
  'header.logout': '退出登录',

  'role.admin': '管理员',
  'role.leader': '领导',
  'role.secretary': '支部书记',
  'role.member': '党员',
  'role.device': '终端设备',

  'kind.committee': '党委',
  'kind.general_branch': '党总支',
  'kind.branch': '党支部',
  'kind.temporary_branch': '临时党支部',
  'kind.joint_branch': '联合党支部',

  'category.organ': '机关',
  'category.leaf_tobacco': '烟叶',
  'category.marketing': '营销',
  'category.monopoly': '专卖',
  'category.border': '边境',
  'category.logistics': '物流',
  'category.station': '烟站',

  'tree.heading': '组织架构',
  'tree.searchLabel': '按名称搜索组织',
  'tree.searchPlaceholder': '搜索组织名称',
  'tree.clearSearch': '清除搜索',
  'tree.matches': '匹配 {n} 个组织',
  'tree.noMatch': '没有名称包含“{q}”的组织',
  'tree.empty': '您的权限范围内暂无组织',
  'tree.expand': '展开 {name}',
  'tree.collapse': '收起 {name}',
  'tree.expandAll': '全部展开',
  'tree.collapseAll': '全部收起',
  'tree.members': '党员 {n}',
  'tree.membersLabel': '直属党员 {n} 名',
  'tree.totalMembers': '党员 {n} 名',

  'star.label': '{n} 星级',
  'star.none': '未评星',

  'common.retry': '重试',

  'error.bad_credentials': '用户名或密码错误',
  'error.too_many_attempts': '登录失败次数过多，请稍后再试',
  'error.unauthenticated': '登录已失效，请重新登录',
  'error.forbidden': '当前角色无权执行此操作',
  'error.not_found': '未找到，或不在您的权限范围内',
  'error.network': '无法连接服务器，请检查网络',
  'error.internal': '服务器内部错误，请稍后再试',
  'error.invalid_response': '服务器返回的数据格式不正确',
  'error.loadTree': '组织架构加载失败：{message}',
  'error.loadDetails': '组织详情加载失败：{message}',
} as const;

/** A key of the UI dictionary. */
export type MessageKey = keyof typeof zhCN;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  ...mapMessages.en,
  ...panelMessages.en,
  ...toolMessages.en,
  ...liveMessages.en,
  ...areaMessages.en,
  ...deviceMessages.en,
  ...portraitMessages.en,
  ...coverageMessages.en,
  ...scopeMessages.en,
  'app.title': 'Party-Building Map',
  'app.brand': 'RedMap',
  'app.subtitle': 'Smart Party-building platform',
  'app.documentTitle': 'RedMap Party-Building Map',
  'app.loading': 'Loading…',

  'lang.label': 'Language',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'login.heading': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.demoAccounts': 'Demo accounts: admin / leader / secretary / member, password redmap-demo for all.',
  'login.fictional': 'All demo data is fictional; people, phone and ID numbers do not belong to real persons.',
  'login.expired': 'Your session has ended. Please sign in again.',

  'header.user': 'Signed in as',
  'header.logout': 'Sign out',

  'role.admin': 'Administrator',
  'role.leader': 'Leader',
  'role.secretary': 'Branch secretary',
  'role.member': 'Party member',
  'role.device': 'Device',

  'kind.committee': 'Party committee',
  'kind.general_branch': 'General branch',
  'kind.branch': 'Branch',
  'kind.temporary_branch': 'Temporary branch',
  'kind.joint_branch': 'Joint branch',

  'category.organ': 'Administration',
  'category.leaf_tobacco': 'Leaf tobacco',
  'category.marketing': 'Marketing',
  'category.monopoly': 'Monopoly enforcement',
  'category.border': 'Border',
  'category.logistics': 'Logistics',
  'category.station': 'Tobacco station',

  'tree.heading': 'Organisations',
  'tree.searchLabel': 'Search organisations by name',
  'tree.searchPlaceholder': 'Search by name',
  'tree.clearSearch': 'Clear search',
  'tree.matches': '{n} matching organisations',
  'tree.noMatch': 'No organisation name contains “{q}”',
  'tree.empty': 'No organisations in your scope',
  'tree.expand': 'Expand {name}',
  'tree.collapse': 'Collapse {name}',
  'tree.expandAll': 'Expand all',
  'tree.collapseAll': 'Collapse all',
  'tree.members': '{n}',
  'tree.membersLabel': '{n} direct Party members',
  'tree.totalMembers': '{n} Party members',

  'star.label': '{n}-star',
  'star.none': 'Not rated',

  'common.retry': 'Retry',

  'error.bad_credentials': 'Wrong username or password',
  'error.too_many_attempts': 'Too many failed logins; please try again later',
  'error.unauthenticated': 'Your session has ended; please sign in again',
  'error.forbidden': 'Your role may not do this',
  'error.not_found': 'Not found, or outside your scope',
  'error.network': 'Cannot reach the server',
  'error.internal': 'Internal server error; please try again later',
  'error.invalid_response': 'The server sent data in an unexpected shape',
  'error.loadTree': 'Could not load the organisations: {message}',
  'error.loadDetails': 'Could not load the organisation: {message}',
};

/** Supported UI languages; the first is the default. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every dictionary, by locale. */
export const MESSAGES: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en };

/** Whether `key` names a message (for keys built from server values such as `kind.${kind}`). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}
