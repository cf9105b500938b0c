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
  it('executes at most `limit` queries at once; the next starts when one answer is sent', async () => {
    const plugin = readAdmissionPlugin(2, new WritePressure());
    const [a, b, c] = [await request(plugin, 'query'), await request(plugin, 'query'), await request(plugin, 'query')];
    // Nothing written: all three pass the kept answers' check; the third waits to execute.
    expect([a.stage(), b.stage(), c.stage()]).toEqual(['executing', 'executing', 'resolved']);
    await a.finish();
    await c.done;
    expect(c.stage()).toBe('executing');
    await Promise.all([b.finish(), c.finish()]);
  });

  it('answers kept answers outside the bound while nothing is written', async () => {
    const plugin = readAdmissionPlugin(1, new WritePressure());
    const executing = await request(plugin, 'query');
    const kept = await request(plugin, 'query', true);
    expect([executing.stage(), kept.stage()]).toEqual(['executing', 'resolved']);
    await kept.finish(); // took no turn, so gives none back
    const next = await request(plugin, 'query');
    expect(next.stage()).toBe('resolved');
    await executing.finish();
    await next.done;
    expect(next.stage()).toBe('executing');
  });

  it('while a write is in flight, a query waits before its kept answer is checked; mutations never wait', async () => {
    const writes = new WritePressure();
    const plugin = readAdmissionPlugin(1, writes);
    const query = await request(plugin, 'query');
    const mutation = await request(plugin, 'mutation');
    expect([query.stage(), mutation.stage()]).toEqual(['executing', 'executing']);
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
    const first = await request(plugin, 'query');
    await first.finish();
    await first.finish();
    const [second, third] = [await request(plugin, 'query'), await request(plugin, 'query')];
    expect([second.stage(), third.stage()]).toEqual(['executing', 'resolved']);
  });
});
