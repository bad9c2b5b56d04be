import { checkIdNumber } from '@jh/domain-application';
import { Typography } from 'antd';

/** What the ID field says under itself while the clerk types (GB 11643: birth date, sex, check digit). */
export function IdHint({ value }: { value?: string }) {
  const text = (value ?? '').trim();
  if (!text) return <span>18位居民身份证号码，输入时即时校验</span>;
  if (text.length < 18) return <span>已输入 {text.length} / 18 位</span>;
  const check = checkIdNumber(text);
  if (!check.ok) return <Typography.Text type="danger">{check.reason}</Typography.Text>;
  return (
    <Typography.Text type="success" data-testid="id-hint">
      {check.birthDate} · {check.sex === 'male' ? '男' : '女'}
    </Typography.Text>
  );
}

/** antd rule: the ID number as the service checks it (format, birth date, check digit). */
export const idNumberRule = {
  validator: async (_: unknown, value?: string) => {
    if (!value) throw new Error('请输入身份证号码');
    const check = checkIdNumber(value);
    if (!check.ok) throw new Error(check.reason);
  },
};

export const validIdNumber = (value: string | undefined): string | undefined => {
  const check = checkIdNumber(value ?? '');
  return check.ok ? check.idNumber : undefined;
};
