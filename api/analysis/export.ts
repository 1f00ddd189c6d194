import ExcelJS from 'exceljs';
import { MESSAGES } from '../../web/i18n/messages.ts';
import type { Count } from '../portraits/data.ts';
import type { memberTeam, orgSystem } from './data.ts';

const zh = MESSAGES['zh-CN'] as Record<string, string>;
/** The Chinese label the page shows for a message key, or `fallback` (ethnicities and county names are data). */
const label = (key: string, fallback = key) => zh[key] ?? fallback;

/** One sheet of an analysis: 维度 / 类别 / 数量 / 占比, a block per facet. */
function facetSheet(book: ExcelJS.Workbook, name: string, day: string, facets: [string, string, Count[]][]) {
  const sheet = book.addWorksheet(name);
  sheet.columns = [
    { header: label('analysis.sheet.dimension'), key: 'dimension', width: 16 },
    { header: label('analysis.sheet.category'), key: 'category', width: 20 },
    { header: label('analysis.sheet.count'), key: 'count', width: 10 },
    { header: label('analysis.sheet.share'), key: 'share', width: 10, style: { numFmt: '0.0%' } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const [facet, prefix, counts] of facets) {
    const total = counts.reduce((s, c) => s + c.count, 0);
    for (const c of counts) {
      sheet.addRow({
        dimension: label(`facet.${facet}`),
        category: label(`${prefix}.${c.key}`, c.key),
        count: c.count,
        share: total ? c.count / total : null,
      });
    }
  }
  sheet.addRow({});
  sheet.addRow({ dimension: label('analysis.sheet.asOf'), category: day });
  return sheet;
}

/** 组织体系综合分析 as an .xlsx workbook with Chinese headers. */
export async function orgSystemWorkbook(
  a: Awaited<ReturnType<typeof orgSystem>>,
  countyNames: Map<string, string>,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'RedMap';
  const counties = a.byCounty.map((c) => ({ key: countyNames.get(c.key) ?? c.key, count: c.count }));
  facetSheet(book, label('analysis.orgSystem'), a.day, [
    ['kind', 'kind', a.byKind],
    ['category', 'category', a.byCategory],
    ['county', 'county', counties],
    ['star', 'star', a.byStar],
    ['standardised', 'standardised', a.byStandardised],
    ['term', 'term', a.byTerm],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** 党员队伍综合分析 as an .xlsx workbook: the structure, then the monthly trends. */
export async function memberTeamWorkbook(a: Awaited<ReturnType<typeof memberTeam>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'RedMap';
  const s = a.structure;
  facetSheet(book, label('analysis.memberTeam'), a.day, [
    ['status', 'panels.status', s.byStatus],
    ['gender', 'panels.gender', s.byGender],
    ['age', 'age', s.byAge],
    ['ethnicity', 'ethnicity', s.byEthnicity],
    ['education', 'panels.education', s.byEducation],
    ['partyAge', 'partyAge', s.byPartyAge],
    [
      'cadre',
      'cadre',
      [
        { key: 'cadre', count: s.cadres.count },
        { key: 'other', count: s.party - s.cadres.count },
      ],
    ],
  ]);
  const trends = book.addWorksheet(label('analysis.trends'));
  trends.columns = [
    { header: label('analysis.sheet.month'), key: 'month', width: 12 },
    { header: label('analysis.admitted'), key: 'admitted', width: 14 },
    { header: label('analysis.becameFull'), key: 'becameFull', width: 14 },
  ];
  trends.getRow(1).font = { bold: true };
  for (const t of a.trends) trends.addRow(t);
  return Buffer.from(await book.xlsx.writeBuffer());
}
