// Finds personal data in one captured log line (issue 14, "Logs"): resident ID numbers (GB 11643
// check digit), mainland mobile phones, citizen card numbers and Chinese addresses.
import { checkIdNumber, isRegionCode, maskCardNo, maskIdNumber } from '@jh/domain-application';

export type FindingKind = 'id_number' | 'phone' | 'card_no' | 'address';

export interface LineFinding {
  kind: FindingKind;
  /** The value masked: never the whole value, so the report itself leaks nothing. */
  masked: string;
}

export const KIND_LABELS: Record<FindingKind, string> = {
  id_number: '身份证号 / ID number',
  phone: '手机号 / phone',
  card_no: '市民卡号 / card number',
  address: '地址 / address',
};

// Identifier tokens (UUIDs, ObjectIds, trace/span ids, hashes): their digit runs are not data.
const HEX_TOKEN =
  /(?<![0-9A-Za-z])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32}|[0-9a-f]{24}|[0-9a-f]{16})(?![0-9A-Za-z])/gi;
// Candidate ID numbers: any run of 18+ digits (last may be X); every 18-wide window is tried.
const DIGIT_RUN = /\d{17,}[Xx]?/g;
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
// 16–19 digits standing alone: the card platform's long account numbers.
const LONG_CARD = /(?<!\d)\d{16,19}(?!\d)/g;
// Epoch microseconds or nanoseconds of 2017–2033 (OTel, hrtime-based timestamps): not cards.
const EPOCH_US_OR_NS = /^1[5-9](?:\d{14}|\d{17})$/;
// Shorter card numbers (8–19 digits, the code base's format) only when labelled as a card.
const LABELLED_CARD =
  /(?:card|account|市民卡|卡号|账号)[A-Za-z_号]*["']?\s*[:：=]?\s*["']?(\d{8,19})(?!\d)/gi;

// Address parts. Name characters exclude function words so prose ("已转区县街道") is no address.
const N = '(?:(?![已转至为的在向由和或及与了将被把从到是不])[\\u4e00-\\u9fa5])';
const STREET_UNIT = '(?:街道|社区|小区|镇|乡|村|路|街|巷|弄|大道)';
const HOUSE_NO = '\\s*[0-9０-９一二三四五六七八九十百]+\\s*(?:号楼|号|弄|幢|栋|室|单元)';
const ADDRESS_PATTERNS = [
  // 文三路1号, 村12号, 某社区 1 幢, 某小区3栋
  new RegExp(`${N}{0,12}?(?:${STREET_UNIT}|苑|园|大厦|公寓)${HOUSE_NO}`, 'g'),
  // 西湖区某社区, 杭州市某街道, 浙江省杭州市西湖区文三路
  new RegExp(`${N}{2,8}(?:省|市|区|县|自治州|盟|旗)${N}{0,10}?${STREET_UNIT}`, 'g'),
];

// Labelled fields deeper than pino's redact paths reach, with a clear (unmasked) value.
const LABELLED_FIELD =
  /"(idNumber|id_number|phone|mobile|address|cardNo|citizenCardNo|bankAccount)"\s*:\s*"([^"]*)"/g;

const blank = (s: string) => '#'.repeat(s.length);

function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

function maskAddress(address: string): string {
  return `${Array.from(address).slice(0, 3).join('')}****`;
}

/** The 18-character ID numbers inside one digit run, each with its offset in the run. */
function idNumbersIn(run: string): { at: number; id: string }[] {
  const found: { at: number; id: string }[] = [];
  for (let i = 0; i + 18 <= run.length; i += 1) {
    const window = run.slice(i, i + 18);
    // Region (GB/T 2260 province) and birth date first: they rule out timestamps and counters.
    if (!isRegionCode(window.slice(0, 6))) continue;
    if (!checkIdNumber(window).ok) continue;
    found.push({ at: i, id: window });
    i += 17;
  }
  return found;
}

/** ID-shaped (region, birth date) but with a wrong check digit: no ID number, and no card either. */
function failsOnlyTheCheckDigit(digits: string): boolean {
  const check = checkIdNumber(digits);
  return !check.ok && check.problem === 'checksum' && isRegionCode(digits.slice(0, 6));
}

/**
 * Scans one line. Each value found is blanked before the next detector runs, so a value is
 * reported once, under its most specific kind (ID number before card number).
 */
export function detectPersonalData(line: string): LineFinding[] {
  const findings: LineFinding[] = [];
  let text = line.replace(HEX_TOKEN, (t) => (/[a-f]/i.test(t) ? blank(t) : t));
  const take = (pattern: RegExp, found: (value: string) => LineFinding | undefined) => {
    text = text.replace(pattern, (whole, ...groups) => {
      const value = typeof groups[0] === 'string' ? groups[0] : whole;
      const finding = found(value);
      if (!finding) return whole;
      findings.push(finding);
      return whole.replace(value, blank(value));
    });
  };

  text = text.replace(DIGIT_RUN, (run) => {
    let out = run.toUpperCase();
    for (const { at, id } of idNumbersIn(out)) {
      findings.push({ kind: 'id_number', masked: maskIdNumber(id) });
      out = out.slice(0, at) + blank(id) + out.slice(at + 18);
    }
    return out;
  });
  take(PHONE, (v) => ({ kind: 'phone', masked: maskPhone(v) }));
  take(LABELLED_CARD, (v) => ({ kind: 'card_no', masked: maskCardNo(v) }));
  take(LONG_CARD, (v) =>
    EPOCH_US_OR_NS.test(v) || failsOnlyTheCheckDigit(v)
      ? undefined
      : { kind: 'card_no', masked: maskCardNo(v) },
  );
  for (const pattern of ADDRESS_PATTERNS)
    take(pattern, (v) => ({ kind: 'address', masked: maskAddress(v) }));
  text.replace(LABELLED_FIELD, (whole, key: string, value: string) => {
    const finding = labelledField(key, value);
    if (finding) findings.push(finding);
    return whole;
  });
  return findings;
}

/** A personal field whose value is still clear (not masked, redacted or already reported). */
function labelledField(key: string, value: string): LineFinding | undefined {
  // Masked, redacted, or sealed (`enc:v1:…`, ADR 0019: its base64 may hold many digits).
  if (/[*#]|已脱敏/.test(value) || value.startsWith('enc:v1:')) return undefined;
  const digits = value.replace(/\D/g, '').length;
  if (key === 'address')
    return /[\u4e00-\u9fa5]/.test(value)
      ? { kind: 'address', masked: maskAddress(value) }
      : undefined;
  if (key === 'phone' || key === 'mobile')
    return digits >= 7 ? { kind: 'phone', masked: maskPhone(value) } : undefined;
  if (key === 'idNumber' || key === 'id_number')
    return digits >= 15 ? { kind: 'id_number', masked: maskIdNumber(value) } : undefined;
  return digits >= 8 ? { kind: 'card_no', masked: maskCardNo(value) } : undefined;
}
