import type { ExpressionSpecification } from 'maplibre-gl';
import type { Locale } from '../i18n/messages.ts';

/**
 * English names of the places our own base map labels: the countries, provinces and prefectures
 * of the context layer and the counties of 文山州 (geodata/). Pinyin per the official romanisation
 * used by the local governments' English pages; "County", "City" and "Prefecture" as in
 * GB/T 2260's English edition. A name missing here is shown in Chinese.
 */
export const PLACE_NAMES_EN: Readonly<Record<string, string>> = {
  中国: 'China',
  越南: 'Vietnam',
  云南省: 'Yunnan',
  广西壮族自治区: 'Guangxi',
  贵州省: 'Guizhou',
  文山壮族苗族自治州: 'Wenshan Prefecture',
  文山市: 'Wenshan City',
  砚山县: 'Yanshan County',
  西畴县: 'Xichou County',
  麻栗坡县: 'Malipo County',
  马关县: 'Maguan County',
  丘北县: 'Qiubei County',
  广南县: 'Guangnan County',
  富宁县: 'Funing County',
  楚雄彝族自治州: 'Chuxiong Prefecture',
  红河哈尼族彝族自治州: 'Honghe Prefecture',
  昆明市: 'Kunming',
  普洱市: "Pu'er",
  曲靖市: 'Qujing',
  西双版纳傣族自治州: 'Xishuangbanna Prefecture',
  玉溪市: 'Yuxi',
  百色市: 'Baise',
  崇左市: 'Chongzuo',
  防城港市: 'Fangchenggang',
  河池市: 'Hechi',
  来宾市: 'Laibin',
  南宁市: 'Nanning',
  钦州市: 'Qinzhou',
  安顺市: 'Anshun',
  六盘水市: 'Liupanshui',
  黔东南苗族侗族自治州: 'Qiandongnan Prefecture',
  黔南布依族苗族自治州: 'Qiannan Prefecture',
  黔西南布依族苗族自治州: 'Qianxinan Prefecture',
};

/** A place's name in `locale`: the Chinese name, or the English one when known. */
export function placeName(name: string, locale: Locale): string {
  return locale === 'en' ? (PLACE_NAMES_EN[name] ?? name) : name;
}

/**
 * `text-field` for a feature's `name` in `locale`. In English both are labelled: the English name,
 * and the Chinese one smaller under it, as it appears on signs and in documents.
 */
export function placeNameField(locale: Locale, property = 'name'): ExpressionSpecification {
  const chinese: ExpressionSpecification = ['get', property];
  if (locale !== 'en') return chinese;
  const pairs = Object.entries(PLACE_NAMES_EN).flat();
  const english = ['match', chinese, ...pairs, ''] as unknown as ExpressionSpecification;
  return [
    'case',
    ['==', english, ''],
    chinese,
    ['format', english, {}, '\n', {}, chinese, { 'font-scale': 0.8 }],
  ] as ExpressionSpecification;
}
