import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { fieldErrorsOf } from '../api/errors';

/**
 * The service's words for a malformed `q` (its one rule for the number lives in
 * @jh/domain-application; the console does not repeat it, nor load zod for it).
 */
export const searchErrorOf = (error: unknown): string | undefined =>
  fieldErrorsOf(error).find((f) => f.name.join('.') === 'q')?.errors[0];

/**
 * Search by the number the applicant holds (JH-2026-000123), exact: Enter or 查找 puts it in the
 * URL (`q`), clearing the box removes it. The service's answer to a malformed number is shown
 * next to the box.
 */
export function ApplicationNumberSearch({
  id,
  value,
  onChange,
  error,
  width = 260,
}: {
  id: string;
  value: string | undefined;
  onChange: (q: string | undefined) => void;
  /** The service's field error for `q`, if any. */
  error?: string;
  width?: number;
}) {
  const [text, setText] = useState(value ?? '');
  // Back/forward changes the URL: the box follows it.
  useEffect(() => setText(value ?? ''), [value]);
  const help = `${id}-help`;
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
      <Input.Search
        id={id}
        size="small"
        aria-label="按申请编号查找"
        aria-describedby={error ? help : undefined}
        aria-invalid={error ? true : undefined}
        status={error ? 'error' : undefined}
        placeholder="申请编号，如 JH-2026-000123"
        allowClear
        enterButton="查找"
        autoComplete="off"
        style={{ width }}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          // The clear icon empties the box: the search ends at once.
          if (e.target.value === '' && value) onChange(undefined);
        }}
        onSearch={(raw) => onChange(raw.trim() || undefined)}
      />
      {error && (
        <span id={help} role="alert" style={{ color: '#cf1322', fontSize: 12 }}>
          {error}
        </span>
      )}
    </span>
  );
}
