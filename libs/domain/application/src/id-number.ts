/** GB 11643-1999 weights for the first 17 digits of a resident ID number. */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = '10X98765432';

export type IdNumberProblem = 'format' | 'birth_date' | 'checksum';

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem; reason: string };

const reasons: Record<IdNumberProblem, string> = {
  format: '身份证号码应为18位，前17位为数字，最后一位为数字或X',
  birth_date: '身份证号码中的出生日期无效',
  checksum: '身份证号码校验位不正确，请核对',
};

const fail = (problem: IdNumberProblem): IdNumberCheck => ({
  ok: false,
  problem,
  reason: reasons[problem],
});

/** The GB 11643 check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17.charAt(i)), 0);
  return checkChars.charAt(sum % 11);
}

/** Validates an 18-digit resident ID number: format, birth date, and GB 11643 check digit. */
export function checkIdNumber(raw: string): IdNumberCheck {
  const idNumber = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return fail('format');
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid =
    y >= 1900 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d;
  if (!valid) return fail('birth_date');
  if (idNumberCheckChar(idNumber.slice(0, 17)) !== idNumber.charAt(17)) return fail('checksum');
  return {
    ok: true,
    idNumber,
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    sex: Number(idNumber.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}

/** Citizen card (市民卡) number with only its last four digits shown (R-OV-2). */
export function maskCardNo(cardNo: string): string {
  if (!cardNo) return '';
  return cardNo.length > 4 ? `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}` : '****';
}

/** Masks an ID number for display to roles that do not need it in full (R-OV-2). */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` : '******';
}

/**
 * A valid ID number built from a serial (GB 11643 check character), for fixtures and tests:
 * region 330106, the given birth date (YYYYMMDD), the serial as the 3-digit sequence code.
 */
export function sampleIdNumber(serial: number, birth = '19800101', region = '330106'): string {
  const first17 = `${region}${birth}${String(serial).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/**
 * Valid ID numbers standing alone in a text (not inside a longer run of letters or digits, as in
 * base64 or hex): what a check for clear-text ID numbers in stored data looks for.
 */
export function idNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g)]
    .map((m) => m[0])
    .filter((candidate) => checkIdNumber(candidate).ok);
}
