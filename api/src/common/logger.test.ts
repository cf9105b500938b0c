import { createLogger, describeRequest, RequestScope, runInRequestScope } from './logger';

describe('createLogger', () => {
  function capture(level: string) {
    const lines: string[] = [];
    return { log: createLogger(level, (line) => lines.push(line)), lines: () => lines.map((l) => JSON.parse(l)) };
  }

  it('writes one JSON line per event with level, ISO time, message and fields', () => {
    const { log, lines } = capture('info');
    log.info('request', { requestId: 'r-1', status: 200 });
    log.debug('hidden at info');
    expect(lines()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        msg: 'request',
        requestId: 'r-1',
        status: 200,
      },
    ]);
  });

  it('serializes errors with message, code and stack for the log only', () => {
    const { log, lines } = capture('debug');
    log.error('graphql error', {
      requestId: 'r-2',
      err: Object.assign(new Error('ER_NO_SUCH_TABLE: SELECT * FROM x'), { code: 'ER_NO_SUCH_TABLE' }),
    });
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'error',
      requestId: 'r-2',
      err: {
        type: 'Error',
        message: 'ER_NO_SUCH_TABLE: SELECT * FROM x',
        code: 'ER_NO_SUCH_TABLE',
        stack: expect.stringContaining('logger.test.ts'),
      },
    });
  });

  it('is quiet when silent, and treats an unknown level as info', () => {
    const silent = capture('silent');
    silent.log.error('nothing');
    expect(silent.lines()).toEqual([]);
    const unknown = capture('loud');
    unknown.log.debug('no');
    unknown.log.warn('yes');
    expect(unknown.lines().map((l) => l.level)).toEqual(['warn']);
  });

  it('puts the request id of the scope on every line logged inside it, however deep the await chain', async () => {
    const { log, lines } = capture('info');
    const scope: RequestScope = { requestId: 'r-3' };
    await runInRequestScope(scope, async () => {
      log.info('before');
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.resolve().then(() => log.warn('deep', { organizationId: 7 }));
      describeRequest({ operationName: 'WhoAmI', subject: 'noc@acme.example', organization: '7' });
    });
    log.info('outside');
    describeRequest({ subject: 'nobody' });
    expect(lines().map(({ msg, requestId, organizationId }) => ({ msg, requestId, organizationId }))).toEqual([
      { msg: 'before', requestId: 'r-3', organizationId: undefined },
      { msg: 'deep', requestId: 'r-3', organizationId: 7 },
      { msg: 'outside', requestId: undefined, organizationId: undefined },
    ]);
    expect(scope).toEqual({
      requestId: 'r-3',
      operationName: 'WhoAmI',
      subject: 'noc@acme.example',
      organization: '7',
    });
  });

  it("keeps a caller's own requestId field over the scope's", () => {
    const { log, lines } = capture('info');
    runInRequestScope({ requestId: 'r-4' }, () => log.info('explicit', { requestId: 'r-5' }));
    expect(lines()).toEqual([{ level: 'info', time: expect.any(String), msg: 'explicit', requestId: 'r-5' }]);
  });
});
