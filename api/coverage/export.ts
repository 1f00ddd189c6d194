import ExcelJS from 'exceljs';
import { MESSAGES } from '../../web/i18n/messages.ts';
import type { CoverageResult } from './analysis.ts';

const zh = MESSAGES['zh-CN'] as Record<string, string>;
const siteKind = (kind: string) => zh[`panels.siteKind.${kind}`] ?? kind;
const yes = (b: boolean) => (b ? '是' : '否');

/** The result as one GeoJSON FeatureCollection: sites, border segments, grid cells, recommendations. */
export function coverageGeoJson(r: CoverageResult) {
  const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
  const features = [
    ...r.sites.items.map((s) => ({
      type: 'Feature',
      geometry: point(s.lon, s.lat),
      properties: { layer: 'site', ...s },
    })),
    ...r.border.segments.map(({ geometry, ...s }) => ({
      type: 'Feature',
      geometry,
      properties: { layer: 'border', ...s },
    })),
    ...r.grid.items.map(({ geometry, ...c }) => ({ type: 'Feature', geometry, properties: { layer: 'cell', ...c } })),
    ...r.recommendations.picks.map((p) => ({
      type: 'Feature',
      geometry: point(p.lon, p.lat),
      properties: { layer: 'recommendation', ...p },
    })),
  ];
  return { type: 'FeatureCollection', features };
}

/** Rows of the blind-spot table (uncovered sites), the same in the workbook and the CSV. */
function siteRows(r: CoverageResult) {
  return r.sites.items
    .filter((s) => !s.covered)
    .map((s) => [s.id, s.name, siteKind(s.kind), s.countyCode, s.lon, s.lat, s.nearestOrgM, s.radiusM]);
}
const SITE_HEADERS = [
  '站点编号',
  '站点名称',
  '类型',
  '县（市）代码',
  '经度',
  '纬度',
  '最近组织距离（米）',
  '覆盖半径（米）',
];

/** The result as an .xlsx workbook with Chinese headers: summary, uncovered sites, border gaps, picks. */
export async function coverageWorkbook(r: CoverageResult): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = (name: string, headers: string[], rows: unknown[][]) => {
    const s = book.addWorksheet(name);
    s.addRow(headers).font = { bold: true };
    for (const row of rows) s.addRow(row);
    s.columns.forEach((c) => {
      c.width = 16;
    });
  };
  sheet(
    '概况',
    ['项目', '数值'],
    [
      ['分析组织', r.org.name],
      ['日期', r.params.date],
      ['站点总数', r.sites.total],
      ['已覆盖站点', r.sites.covered],
      ['站点覆盖率', r.sites.share],
      ['边境线总长（公里）', r.border.totalKm],
      ['已覆盖边境（公里）', r.border.coveredKm],
      ['边境覆盖率', r.border.share],
      ['网格单元', r.grid.cells],
      ['盲区单元', r.grid.blind],
      ['贪心目标值', r.recommendations.greedy],
      ['最优目标值', r.recommendations.exact?.objective ?? '—'],
      ['贪心差距', r.recommendations.exact?.gap ?? '—'],
    ],
  );
  sheet('未覆盖站点', SITE_HEADERS, siteRows(r));
  sheet(
    '边境空白段',
    ['县（市）代码', '起点（公里）', '终点（公里）', '长度（公里）', '分段数'],
    r.border.gaps.map((g) => [g.countyCode, g.fromKm, g.toKm, g.km, g.segments]),
  );
  sheet(
    '建议新增点位',
    [
      '序号',
      '经度',
      '纬度',
      '县（市）代码',
      '新增覆盖站点',
      '新增覆盖边境（公里）',
      '累计覆盖站点',
      '累计覆盖边境（公里）',
      '候选来源',
      '是否站点',
    ],
    r.recommendations.picks.map((p) => [
      p.rank,
      p.lon,
      p.lat,
      p.countyCode,
      p.gainSites,
      p.gainBorderKm,
      p.totalSites,
      p.totalBorderKm,
      p.sourceId,
      yes(p.source === 'site'),
    ]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The uncovered sites as CSV (UTF-8 with a BOM, so Excel reads the Chinese headers). */
export function coverageCsv(r: CoverageResult): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `\uFEFF${[SITE_HEADERS, ...siteRows(r)].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
