import { ERROR_CODES } from '../../../api/src/common/contract';
import { classifyGraphQLErrors, classifyHttpStatus, describeError } from './errors';

describe('classifyGraphQLErrors', () => {
  it('maps the API codes to widget states', () => {
    expect(classifyGraphQLErrors([{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }]).kind).toBe(
      'unauthenticated',
    );
    expect(classifyGraphQLErrors([{ message: 'no', extensions: { code: 'FORBIDDEN' } }]).kind).toBe('forbidden');
    expect(classifyGraphQLErrors([{ message: 'no', extensions: { code: 'NOT_FOUND' } }]).kind).toBe('not-found');
  });

  it('keeps the offending field of an input error', () => {
    const error = classifyGraphQLErrors([
      { message: 'percent must be 1-100', extensions: { code: 'BAD_USER_INPUT', field: 'percent' } },
    ]);
    expect(error).toEqual({
      kind: 'bad-input',
      code: 'BAD_USER_INPUT',
      message: 'percent must be 1-100',
      field: 'percent',
    });
  });

  it('treats unknown codes as a server error', () => {
    expect(classifyGraphQLErrors([{ message: 'boom' }])).toMatchObject({
      kind: 'server',
      code: 'INTERNAL_SERVER_ERROR',
    });
  });
});

describe('classifyHttpStatus', () => {
  it('maps 401 and 403', () => {
    expect(classifyHttpStatus(401).kind).toBe('unauthenticated');
    expect(classifyHttpStatus(403).kind).toBe('forbidden');
    expect(classifyHttpStatus(502)).toMatchObject({ kind: 'server', code: 'HTTP_502' });
  });
});

describe('describeError', () => {
  it('offers retry only where retrying can help', () => {
    expect(describeError({ kind: 'network', code: 'NETWORK', message: '' }).retryable).toBe(true);
    expect(describeError({ kind: 'forbidden', code: 'FORBIDDEN', message: '' }).retryable).toBe(false);
  });
});

describe('contract error codes', () => {
  it.each(ERROR_CODES)('%s is shown as a widget state', (code) => {
    const error = classifyGraphQLErrors([{ message: 'm', extensions: { code } }]);
    expect(error.code).toBe(code);
    expect(describeError(error).title).not.toBe('');
  });
});
