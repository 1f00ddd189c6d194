/**
 * Public place names and approximate county seats used to give the fictional demo data a
 * plausible setting. Town names are real geography; every organisation, person and event built
 * on them is invented.
 */
export interface County {
  code: string;
  name: string;
  short: string;
  /** Approximate county seat [lon, lat]. */
  seat: [number, number];
  border: boolean;
  towns: readonly string[];
}

export const COUNTIES: readonly County[] = [
  { code: '532601', name: '文山市', short: '文山', seat: [104.2447, 23.3696], border: false,
    towns: ['开化', '卧龙', '新平', '马塘', '德厚', '小街', '薄竹', '古木', '平坝', '追栗街', '坝心', '东山', '柳井', '喜古'] },
  { code: '532622', name: '砚山县', short: '砚山', seat: [104.3373, 23.6058], border: false,
    towns: ['江那', '平远', '稼依', '阿猛', '阿舍', '维摩', '盘龙', '八嘎', '者腊', '干河', '蚌峨'] },
  { code: '532623', name: '西畴县', short: '西畴', seat: [104.6726, 23.4378], border: false,
    towns: ['西洒', '兴街', '蚌谷', '莲花塘', '新马街', '柏林', '法斗', '董马', '鸡街'] },
  { code: '532624', name: '麻栗坡县', short: '麻栗坡', seat: [104.7028, 23.1257], border: true,
    towns: ['麻栗', '天保', '董干', '猛硐', '八布', '杨万', '铁厂', '马街', '大坪', '下金厂', '六河'] },
  { code: '532625', name: '马关县', short: '马关', seat: [104.3942, 23.0129], border: true,
    towns: ['马白', '都龙', '金厂', '小坝子', '夹寒箐', '仁和', '八寨', '古林箐', '木厂', '篾厂', '坡脚', '南捞', '大栗树'] },
  { code: '532626', name: '丘北县', short: '丘北', seat: [104.1666, 24.0517], border: false,
    towns: ['锦屏', '曰者', '双龙营', '八道哨', '天星', '平寨', '树皮', '腻脚', '新店', '官寨', '温浏', '舍得'] },
  { code: '532627', name: '广南县', short: '广南', seat: [105.0551, 24.0464], border: false,
    towns: ['莲城', '八宝', '南屏', '珠街', '那洒', '珠琳', '坝美', '董堡', '旧莫', '杨柳井', '板蚌', '曙光', '者兔', '者太', '底圩'] },
  { code: '532628', name: '富宁县', short: '富宁', seat: [105.631, 23.6253], border: true,
    towns: ['新华', '田蓬', '木央', '里达', '剥隘', '归朝', '洞波', '花甲', '阿用', '者桑', '板仑', '谷拉', '郎恒'] },
];

export const PREFECTURE_CODE = '532600';

/** Common surnames in the prefecture, weighted loosely by ethnicity mix. */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '罗', '何', '陆', '农', '侯', '熊', '马', '沈', '韦',
  '梁', '陶', '项', '田', '龙', '邓', '蒋', '朱', '胡', '普', '龚', '谢', '曾', '郭', '骆', '彭', '卢', '潘',
] as const;

/** Characters for given names; pairs of them make plausible, fictional names. */
export const GIVEN = [
  '建', '国', '华', '明', '文', '军', '平', '红', '云', '丽', '芳', '敏', '俊', '涛', '海', '勇', '波', '林', '娟',
  '燕', '婷', '强', '磊', '洋', '艳', '鹏', '飞', '霞', '宇', '静', '刚', '雪', '志', '永', '春', '玲', '东', '兰',
  '凤', '光', '荣', '琼', '贵', '成', '德', '秀', '梅', '祥', '发', '忠',
] as const;

/** Ethnic mix of members (Han majority; Zhuang and Miao are the prefecture's titular minorities). */
export const ETHNICITY = { 汉族: 58, 壮族: 20, 苗族: 9, 彝族: 6, 瑶族: 3, 傣族: 1.5, 白族: 1, 回族: 1, 布依族: 0.5 } as const;

export const EDUCATION = { postgraduate: 5, bachelor: 48, college: 32, secondary: 13, primary: 2 } as const;
