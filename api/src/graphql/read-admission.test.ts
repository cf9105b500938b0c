import { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { WritePressure } from '../http/write-pressure';
import { readAdmissionPlugin } from './read-admission';

type Listener = GraphQLRequestListener<BaseContext>;
type Hook<K extends keyof Listener> = NonNullable<Listener[K]>;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** One request through the plugin's hooks, in Apollo's order; `stage` says how far it got. */
async function request(plugin: ApolloServerPlugin, operation: 'query' | 'mutation', answerKept = false) {
  const listener = (await plugin.requestDidStart!({} as never)) as Listener;
  const context = { operation: { operation } } as never;
  let stage: 'waiting' | 'resolved' | 'executing' = 'waiting';
  const done = (async () => {
    await (listener.didResolveOperation as Hook<'didResolveOperation'>)(context);
    stage = 'resolved';
    // A kept answer is sent without executing (response-cache.ts).
    if (answerKept) return;
    await (listener.executionDidStart as Hook<'executionDidStart'>)(context);
    stage = 'executing';
  })();
  await settle();
  return {
    stage: () => stage,
    done,
    finish: () => (listener.willSendResponse as Hook<'willSendResponse'>)({} as never),
  };
}

describe('read admission', () => {
  it('while nothing is written, holds no query back: many share one read of their organizations', async () => {
    const plugin = readAdmissionPlugin(1, new WritePressure());
    const [a, b, c] = [await request(plugin, 'query'), await request(plugin, 'query'), await request(plugin, 'query')];
    expect([a.stage(), b.stage(), c.stage()]).toEqual(['executing', 'executing', 'executing']);
    await Promise.all([a.finish(), b.finish(), c.finish()]);
  });

  it('while a write is in flight, executes at most `limit` queries; the next starts when one is sent', async () => {
    const writes = new WritePressure();
    const plugin = readAdmissionPlugin(2, writes);
    const endWrite = writes.begin();
    const [a, b, c] = [await request(plugin, 'query'), await request(plugin, 'query'), await request(plugin, 'query')];
    expect([a.stage(), b.stage(), c.stage()]).toEqual(['executing', 'executing', 'waiting']);
    await a.finish();
    await c.done;
    expect(c.stage()).toBe('executing');
    await Promise.all([b.finish(), c.finish()]);
    endWrite();
  });

  it('a query already past its check when a write begins waits only to execute', async () => {
    const writes = new WritePressure();
    const plugin = readAdmissionPlugin(1, writes);
    const endWrite = writes.begin();
    const executing = await request(plugin, 'query');
    endWrite();
    const listener = (await plugin.requestDidStart!({} as never)) as Listener;
    const context = { operation: { operation: 'query' } } as never;
    await (listener.didResolveOperation as Hook<'didResolveOperation'>)(context); // checked while quiet
    const endNextWrite = writes.begin();
    let started = false;
    const execution = (listener.executionDidStart as Hook<'executionDidStart'>)(context).then(() => (started = true));
    await settle();
    expect(started).toBe(false);
    await executing.finish();
    await execution;
    expect(started).toBe(true);
    await (listener.willSendResponse as Hook<'willSendResponse'>)({} as never);
    endNextWrite();
  });

  it('while a write is in flight, a query waits before its kept answer is checked; mutations never wait', async () => {
    const writes = new WritePressure();
    const plugin = readAdmissionPlugin(1, writes);
    const mutation = await request(plugin, 'mutation');
    const query = await request(plugin, 'query');
    expect([mutation.stage(), query.stage()]).toEqual(['executing', 'executing']);
    const endBulk = writes.begin(); // a POST /usage/events as well
    const waiting = await request(plugin, 'query', true);
    expect(waiting.stage()).toBe('waiting');
    await query.finish();
    await waiting.done;
    expect(waiting.stage()).toBe('resolved');
    await Promise.all([mutation.finish(), waiting.finish()]);
    endBulk();
    expect(writes.active).toBe(false);
    const quiet = await request(plugin, 'query', true);
    expect(quiet.stage()).toBe('resolved');
  });

  it('counts a write once however often its end is reported, and gives a turn back once', async () => {
    const writes = new WritePressure();
    const end = writes.begin();
    const other = writes.begin();
    end();
    end();
    expect(writes.active).toBe(true);
    other();
    expect(writes.active).toBe(false);
    const plugin = readAdmissionPlugin(1, writes);
    const feed = writes.begin();
    const first = await request(plugin, 'query');
    await first.finish();
    await first.finish();
    const [second, third] = [await request(plugin, 'query'), await request(plugin, 'query')];
    expect([second.stage(), third.stage()]).toEqual(['executing', 'waiting']);
    feed();
  });
});
