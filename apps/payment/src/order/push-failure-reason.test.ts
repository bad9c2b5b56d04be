import { AppError, conflict, invalidInput, notAllowed, unauthenticated } from '@jh/platform-errors';
import { pushFailureReasonOf } from './order.sender';

// Issue 17: a failed push call maps to one of a few reasons (a bounded label), from the errors
// callUnary raises for gRPC statuses (libs/platform/grpc).
describe('the reason of a failed push call', () => {
  it.each([
    ['timeout', new AppError('unavailable', 'DEADLINE_EXCEEDED', '下游服务响应超时')],
    ['unavailable', new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', '下游服务暂不可用')],
    ['unavailable', new AppError('unavailable', 'PLATFORM_BUSY', '平台繁忙')],
    ['unauthorized', unauthenticated()],
    ['unauthorized', notAllowed('TOKEN_REVOKED', '令牌已吊销')],
    ['invalid_request', invalidInput([])],
    ['error', conflict('DUPLICATE', '重复')],
    ['error', new AppError('internal', 'UPSTREAM_ERROR', 'boom')],
    ['error', new TypeError('not an AppError')],
  ])('%s for %p', (reason, error) => {
    expect(pushFailureReasonOf(error)).toBe(reason);
  });
});
