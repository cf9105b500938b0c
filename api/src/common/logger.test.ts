import { createLogger } from './logger';

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
});
