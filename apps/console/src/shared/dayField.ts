import dayjs, { type Dayjs } from 'dayjs';

/**
 * Form.Item props for a DatePicker (or TimePicker with `format`) whose value is kept as text
 * ('YYYY-MM-DD'): drafts (useDraft) are JSON, and a restored Dayjs would come back as a string.
 */
export const textDate = (format = 'YYYY-MM-DD') => ({
  getValueProps: (v?: string) => ({
    value: v ? (format === 'YYYY-MM-DD' ? dayjs(v) : dayjs(`2000-01-01 ${v}`)) : undefined,
  }),
  normalize: (d?: Dayjs | null) => (d ? d.format(format) : undefined),
});
