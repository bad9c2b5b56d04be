import { idNumbersIn } from './id-number';

describe('idNumbersIn (finding clear ID numbers in stored text)', () => {
  it('finds valid ID numbers standing alone, wherever they sit in the text', () => {
    expect(idNumbersIn('{"idNumber":"11010519491231002X","x":"330106199001011234"}')).toEqual([
      '11010519491231002X',
    ]);
  });

  it('ignores a wrong check digit and digits inside longer tokens (base64, hex, long numbers)', () => {
    expect(idNumbersIn('110105194912310021')).toEqual([]);
    expect(idNumbersIn('enc:v1:a:k@1:Ab11010519491231002Xcd')).toEqual([]);
    expect(idNumbersIn('911010519491231002X')).toEqual([]);
  });
});
