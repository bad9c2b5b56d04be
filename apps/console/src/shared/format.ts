import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import { fen as toFen, formatYuan as formatFen, parseYuan } from '@jh/domain-money';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Every time is stored in UTC and shown as the office reads it: Asia/Shanghai. */
export const OFFICE_TZ = 'Asia/Shanghai';

export const shanghai = (iso: string | number | Date) => dayjs(iso).tz(OFFICE_TZ);

export function formatDateTime(iso: string | undefined | null): string {
  return iso ? shanghai(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(iso: string | undefined | null): string {
  return iso ? shanghai(iso).format('YYYY年M月D日') : '—';
}

/** Money is integer 分; shown as "1,234.56 元" by the same rule the services use. */
export function formatYuan(fen: number | undefined | null): string {
  if (fen === undefined || fen === null || !Number.isSafeInteger(fen)) return '—';
  return formatFen(toFen(fen));
}

/** "1,234.5" → 123450 分; undefined for text that is not an amount (the form shows why). */
export function yuanToFen(text: string): number | undefined {
  try {
    return parseYuan(text);
  } catch {
    return undefined;
  }
}

/** "2 小时 5 分" / "1 天 3 小时"; negative means overdue by that long. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days} 天 ${hours} 小时`;
  if (hours > 0) return `${hours} 小时 ${mins} 分`;
  return `${mins} 分`;
}

/** Masks all but the last four characters (card numbers shown in lists). */
export const lastFour = (value: string | undefined) => (value ? `****${value.slice(-4)}` : '—');
