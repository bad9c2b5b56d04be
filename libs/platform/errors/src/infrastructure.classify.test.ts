import { isInfrastructureDown } from './infrastructure';

/** An error as Node's net module makes it when the peer has gone: a message and a code. */
const socketError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isInfrastructureDown: a database or broker out of reach, not a bug', () => {
  it('knows the drivers’ connection errors by name, and the retryable-write label', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(isInfrastructureDown(named('MongoNetworkError'))).toBe(true);
    expect(isInfrastructureDown(named('KafkaJSConnectionError'))).toBe(true);
    const labelled = Object.assign(new Error('x'), {
      hasErrorLabel: (l: string) => l === 'RetryableWriteError',
    });
    expect(isInfrastructureDown(labelled)).toBe(true);
  });

  it('knows Node’s socket errors passed on unwrapped (seen as a 500 during a FerretDB restart)', () => {
    expect(
      isInfrastructureDown(socketError('This socket has been ended by the other party', 'EPIPE')),
    ).toBe(true);
    expect(isInfrastructureDown(socketError('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isInfrastructureDown(socketError('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(true);
  });

  it('leaves every other error alone: bugs stay 500 and poison still goes to the DLQ', () => {
    expect(isInfrastructureDown(new Error('boom'))).toBe(false);
    expect(isInfrastructureDown(new TypeError('x is undefined'))).toBe(false);
    expect(isInfrastructureDown(socketError('no such file', 'ENOENT'))).toBe(false);
    expect(isInfrastructureDown('EPIPE')).toBe(false);
    expect(isInfrastructureDown(undefined)).toBe(false);
  });
});
