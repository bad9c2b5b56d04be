/** The time limits the rules give an application with these items (DOMAIN.md), in the receipt's words. */
export function statutoryDeadlines(items: string[]): { rule: string; text: string }[] {
  const has = (...codes: string[]) => codes.some((c) => items.includes(c));
  const out: { rule: string; text: string }[] = [];
  if (has('medical', 'education', 'housing', 'employment')) {
    out.push({
      rule: 'R-JH-3',
      text: '协同部门在各自办理时限内办结，并于办结后 1 个工作日内向受理窗口反馈办理结果',
    });
  }
  if (has('dibao', 'dibian', 'tekun')) {
    out.push({
      rule: 'R-AP-2',
      text: '低保、低边、特困：自受理之日起 20 个工作日内审核确认；家庭经济状况核对超过 15 日的，最长可延长至 30 个工作日',
    });
    out.push({ rule: 'R-PAY-2', text: '经批准的按月救助金于每月 10 日前发放至市民卡' });
  }
  if (has('temporary')) {
    out.push({
      rule: 'R-AP-4',
      text: '临时救助：自受理之日起 15 个工作日内审批；急难型可先行救助',
    });
    out.push({ rule: 'R-PAY-2', text: '临时救助金于批准后 3 个工作日内发放' });
  }
  out.push({
    rule: '§10',
    text: '以上“工作日”按国务院公布的法定节假日及调休安排计算（北京时间）',
  });
  return out;
}
