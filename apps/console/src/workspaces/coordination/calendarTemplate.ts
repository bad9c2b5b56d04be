/** Field names of a CalendarYear (libs/domain/calendar/src/calendar-data.ts), in Chinese. */
const segmentZh: Record<string, string> = {
  year: '年份',
  source: '文件来源',
  title: '标题',
  documentNumber: '文号',
  issuedOn: '发布日期',
  url: '链接',
  note: '备注',
  holidays: '放假安排',
  makeUpWorkingDays: '调休上班日',
  name: '名称',
  from: '开始日期',
  to: '结束日期',
  date: '日期',
  '(body)': '整体',
};

/** `holidays.0.to` → 放假安排第1条·结束日期 */
export function pathZh(path: string): string {
  return path
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? `第${Number(s) + 1}条` : (segmentZh[s] ?? s)))
    .join('·')
    .replace(/·第/g, '第');
}

export const EXAMPLE_MARK = '（示例）';

/** The shape with placeholder content: an administrator replaces it with the official notice. */
export function templateFor(year: number): string {
  return JSON.stringify(
    {
      year,
      source: {
        title: `国务院办公厅关于${year}年部分节假日安排的通知${EXAMPLE_MARK}`,
        documentNumber: `国办发明电〔${year - 1}〕X号`,
        issuedOn: `${year - 1}-11-01`,
      },
      holidays: [
        { name: '元旦', from: `${year}-01-01`, to: `${year}-01-01` },
        { name: '春节', from: `${year}-02-01`, to: `${year}-02-08` },
      ],
      makeUpWorkingDays: [{ date: `${year}-01-30`, name: '春节' }],
    },
    null,
    2,
  );
}

/** The JSON text as data, or a Chinese reason it is not JSON. */
export function parseJsonText(text: string): { data?: unknown; error?: string } {
  if (!text.trim()) return { error: '请上传或粘贴节假日数据（JSON）' };
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `不是有效的 JSON：${(e as Error).message}` };
  }
}
