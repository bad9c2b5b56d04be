import { defaultOutreachConfig } from './outreach-config';
import { createOutreachRules } from './outreach-rules';
import {
  type HardshipSignal,
  type SignalReporter,
  isPersonSource,
  needsOf,
  sameSignal,
  validateSignal,
} from './signal';
import { STREET, at, medicalSignal, personSignal } from './test-fixtures';

const received = at('2026-09-30 10:00');
const fieldsOf = (signal: unknown) => {
  const result = validateSignal(signal as HardshipSignal, received);
  return result.ok ? [] : (result.errors ?? []).map((e) => [e.field, e.code]);
};

describe('R-PD-1 a hardship signal carries only what civil affairs needs', () => {
  it('R-PD-1 a department signal and a person’s report are accepted as they are', () => {
    const medical = medicalSignal();
    expect(validateSignal(medical, received)).toEqual({ ok: true, signal: medical });
    const person = personSignal({ flags: ['elderly_alone'] });
    expect(validateSignal(person, received)).toEqual({ ok: true, signal: person });
  });

  it('R-PD-1 every invalid field is reported at once, the first as the reason', () => {
    const result = validateSignal(
      {
        signalId: ' ',
        source: 'police',
        kind: 'arrest',
        band: 'huge',
        flags: ['no_income', 'no_income'],
        householdRef: '330106199001011234',
        streetCode: '330106',
        observedAt: new Date('nope'),
      } as unknown as HardshipSignal,
      received,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_SIGNAL',
      reason: '请填写线索编号',
      ruleId: 'R-PD-1',
    });
    expect(
      fieldsOf({ ...medicalSignal(), signalId: ' ', source: 'police', kind: 'arrest' }),
    ).toEqual([
      ['signalId', 'REQUIRED'],
      ['source', 'UNKNOWN_SOURCE'],
      ['kind', 'UNKNOWN_KIND'],
    ]);
    expect(
      fieldsOf({
        ...medicalSignal(),
        band: 'huge',
        flags: ['no_income', 'no_income'],
        householdRef: '330106199001011234',
        streetCode: '330106',
        observedAt: new Date('nope'),
      }),
    ).toEqual([
      ['band', 'UNKNOWN_BAND'],
      ['flags', 'INVALID_FLAGS'],
      ['householdRef', 'HOUSEHOLD_REF_INVALID'],
      ['streetCode', 'STREET_CODE_INVALID'],
      ['observedAt', 'INVALID_TIME'],
    ]);
  });

  it('R-PD-1 privacy: the household is a blind index, never an ID number; no extra fields (a diagnosis)', () => {
    expect(fieldsOf(medicalSignal({ householdRef: '330106199001011234' }))).toEqual([
      ['householdRef', 'HOUSEHOLD_REF_INVALID'],
    ]);
    expect(fieldsOf(medicalSignal({ householdRef: 'ABCDEF'.repeat(6) }))).toEqual([
      ['householdRef', 'HOUSEHOLD_REF_INVALID'],
    ]);
    expect(fieldsOf({ ...medicalSignal(), diagnosis: '恶性肿瘤' })).toEqual([
      ['diagnosis', 'FIELD_NOT_ALLOWED'],
    ]);
    const withExtra = personSignal();
    expect(
      fieldsOf({
        ...withExtra,
        reporter: { ...withExtra.reporter, idNumber: '330106199001011234' },
      }),
    ).toEqual([['reporter.idNumber', 'FIELD_NOT_ALLOWED']]);
  });

  it('R-PD-1 each source reports its own kinds; flags must be known; the street is a 9-digit code', () => {
    expect(fieldsOf(medicalSignal({ kind: 'job_loss' }))).toEqual([
      ['kind', 'KIND_NOT_FROM_SOURCE'],
    ]);
    expect(fieldsOf(medicalSignal({ flags: ['rich'] as never }))).toEqual([
      ['flags', 'INVALID_FLAGS'],
    ]);
    expect(fieldsOf({ ...medicalSignal(), flags: 'no_income' })).toEqual([
      ['flags', 'INVALID_FLAGS'],
    ]);
    expect(fieldsOf(medicalSignal({ streetCode: `${STREET}001` }))).toEqual([
      ['streetCode', 'STREET_CODE_INVALID'],
    ]);
    expect(fieldsOf(medicalSignal({ observedAt: at('2026-09-30 10:01') }))).toEqual([
      ['observedAt', 'IN_FUTURE'],
    ]);
    expect(fieldsOf(medicalSignal({ signalId: 'x'.repeat(129) }))).toEqual([
      ['signalId', 'TOO_LONG'],
    ]);
  });

  it('R-PD-1 a person’s report names who saw what and how to reach them; a department’s has no reporter', () => {
    const base = personSignal();
    expect(fieldsOf({ ...base, reporter: undefined })).toEqual([['reporter', 'REQUIRED']]);
    expect(fieldsOf({ ...base, reporter: null })).toEqual([['reporter', 'REQUIRED']]);
    expect(
      fieldsOf({
        ...base,
        reporter: { role: 'volunteer', id: '', observation: '看'.repeat(501), contact: 7 },
      }),
    ).toEqual([
      ['reporter.role', 'ROLE_NOT_FOR_SOURCE'],
      ['reporter.id', 'REQUIRED'],
      ['reporter.observation', 'TOO_LONG'],
      ['reporter.contact', 'REQUIRED'],
    ]);
    expect(
      fieldsOf(
        personSignal({
          source: 'hotline',
          reporter: {
            ...(base.reporter as SignalReporter),
            role: 'hotline_operator',
          },
        }),
      ),
    ).toEqual([]);
    expect(fieldsOf(medicalSignal({ reporter: base.reporter }))).toEqual([
      ['reporter', 'REPORTER_NOT_ALLOWED'],
    ]);
  });

  it('R-PD-1 which need a sign points to is configuration', () => {
    expect(needsOf('medical_expense')).toEqual(['medical']);
    expect(needsOf('job_loss')).toEqual(['temporary', 'employment']);
    expect(needsOf('school_leaving')).toEqual(['education']);
    const rules = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        needsByKind: { ...defaultOutreachConfig.needsByKind, reported_by_person: ['dibao'] },
      },
    });
    expect(needsOf('reported_by_person', rules)).toEqual(['dibao']);
    expect(isPersonSource('hotline')).toBe(true);
    expect(isPersonSource('education')).toBe(false);
  });

  it('R-PD-1 a redelivery is the same signal whatever the order of its fields and flags', () => {
    const a = personSignal({ flags: ['no_income', 'elderly_alone'] });
    const { signalId, ...rest } = a;
    const reordered = {
      ...rest,
      flags: ['elderly_alone', 'no_income'],
      signalId,
    } as HardshipSignal;
    expect(sameSignal(a, reordered)).toBe(true);
    expect(sameSignal(a, { ...a, band: 'high' })).toBe(false);
    expect(sameSignal(a, { ...a, observedAt: at('2026-09-29 16:01') })).toBe(false);
    expect(sameSignal(medicalSignal(), medicalSignal())).toBe(true);
    expect(
      sameSignal(a, {
        ...a,
        reporter: { ...(a.reporter as SignalReporter), contact: '13900000000' },
      }),
    ).toBe(false);
  });
});
