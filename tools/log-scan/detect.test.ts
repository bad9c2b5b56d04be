import { idNumberCheckChar, sampleIdNumber } from '@jh/domain-application';
import { detectPersonalData } from './detect';

// Real line shapes from a captured service run: none may be reported.
const cleanLines = [
  '{"level":"info","time":"2026-11-30T13:25:00.681Z","pid":16840,"hostname":"vm","name":"intake","httpPort":38587,"grpcPort":33359,"msg":"intake started"}',
  '{"level":"warn","time":"2026-11-30T13:25:01.712Z","pid":16840,"hostname":"vm","name":"intake","event":"access.denied","status":401,"reason":"AUTH_REQUIRED","method":"POST","route":"/applications","userId":null,"roles":[],"source":"127.0.0.1","requestId":"fd3ef21b-e660-4879-98ce-34a6aab4759b","at":"2026-11-30T13:25:01.712Z","msg":"access denied"}',
  '{"level":"error","name":"test","logger":"kafkajs","broker":"127.0.0.1:19092","clientId":"tmx3avon6db427a-intake-test","correlationId":2,"size":20,"msg":"Response InitProducerId(key: 22, version: 1)"}',
  '{"level":"info","applicationId":"6650f1c2a1b2c3d4e5f60718","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","offset":"1234567","at":1764509049000,"msg":"handled"}',
  '{"level":"info","applicant":{"idNumber":"[已脱敏]","phone":"[已脱敏]","address":"[已脱敏]"},"msg":"applicant 330106********0012 called from 138****8000, card ************7890"}',
  '{"level":"info","view":{"address":"浙江省杭州市****","cardNo":"************7890"},"amountFen":"1234567890","regionCode":"330106001001","msg":"masked view"}',
  '{"level":"warn","reason":"行政区划代码无效（应为6位县级代码或9/12位街道、社区代码）","msg":"救助金额超过500.00 元，由县（区）民政局审批；已转区县街道"}',
  '{"level":"info","orderId":"65a13912345678bcdef01234","traceId":"a1234567890123456789bcdef0123456","msg":"ids"}',
  '{"level":"debug","startedNs":"1764509049123456789","hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","msg":"timing"}',
];

describe('log scan detectors (R-OV-2, issue 14: no personal data in any log line)', () => {
  it('passes clean pino lines: times, uuids, ObjectIds, trace ids, masked and redacted values', () => {
    for (const line of cleanLines) expect([line, detectPersonalData(line)]).toEqual([line, []]);
  });

  it('finds an ID number with a valid GB 11643 check digit, masked in the finding', () => {
    const id = sampleIdNumber(12); // 330106198001010129-style, check char computed
    const found = detectPersonalData(`{"msg":"lookup ${id} failed"}`);
    expect(found).toEqual([{ kind: 'id_number', masked: `330106********${id.slice(14)}` }]);
    expect(JSON.stringify(found)).not.toContain(id);
  });

  it('finds an ID number ending in X, and one glued inside a longer digit run or key', () => {
    const first17 = '11010519491231002';
    expect(idNumberCheckChar(first17)).toBe('X');
    expect(detectPersonalData(`k=emergency:${first17}x`)).toHaveLength(1);
    const id = sampleIdNumber(7, '19900215', '320102');
    expect(detectPersonalData(`{"_id":"guard-${id}0042"}`).map((f) => f.kind)).toEqual([
      'id_number',
    ]);
    expect(detectPersonalData(`{"_id":"ab${id}"}`).map((f) => f.kind)).toEqual(['id_number']);
  });

  it('does not report 18 digits whose check digit is wrong', () => {
    const id = sampleIdNumber(12);
    const wrong = `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`;
    expect(detectPersonalData(`{"msg":"ref ${wrong}"}`)).toEqual([]);
  });

  it('finds mainland mobile phones, not longer or shorter numbers', () => {
    expect(detectPersonalData('{"msg":"caller 13912345678"}')).toEqual([
      { kind: 'phone', masked: '139****5678' },
    ]);
    expect(detectPersonalData('{"contact":"tel:+86-15800001111"}')).toHaveLength(1);
    expect(detectPersonalData('{"n":139123456789,"m":1391234567}')).toEqual([]);
  });

  it('finds citizen card numbers: 16–19 digits alone, 8–19 digits when labelled', () => {
    expect(detectPersonalData('{"msg":"push to 3301061234567890"}')).toEqual([
      { kind: 'card_no', masked: '************7890' },
    ]);
    expect(detectPersonalData('{"payee":{"citizenCardNo":"6000000012"}}')).toEqual([
      { kind: 'card_no', masked: '******0012' },
    ]);
    expect(detectPersonalData('{"msg":"市民卡号：60000012 已冻结"}').map((f) => f.kind)).toEqual([
      'card_no',
    ]);
    expect(detectPersonalData('{"count":60000012}')).toEqual([]);
  });

  it('finds addresses as the fixtures write them', () => {
    const addresses = [
      '浙江省杭州市西湖区文三路1号',
      '杭州市西湖区某路1号',
      '杭州市西湖区某街道某社区 1 幢',
      '西湖区某社区',
      '杭州市某街道12号',
      'fire:2025-03-02:村12号',
    ];
    for (const a of addresses) {
      const found = detectPersonalData(`{"household":{"home":"${a}"}}`);
      expect([a, found.map((f) => f.kind)]).toEqual([a, ['address']]);
      expect(found[0]!.masked).toMatch(/\*{4}$/);
    }
  });

  it('finds labelled personal fields deeper than redaction reaches', () => {
    const line =
      '{"a":{"b":{"c":{"d":{"phone":"0571-88886666","address":"文三路","idNumber":"330106198001010000"}}}}}';
    expect(detectPersonalData(line).map((f) => f.kind)).toEqual(['phone', 'address', 'id_number']);
  });

  it('does not take a sealed value (enc:v1:…, digits in its base64) for a clear labelled one', () => {
    const sealed = 'enc:v1:a:applications@1:A1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q7R8S9T0_-';
    const line = `{"applicant":{"idNumber":"${sealed}","phone":"${sealed}","citizenCardNo":"${sealed}"}}`;
    expect(detectPersonalData(line)).toEqual([]);
  });
});
