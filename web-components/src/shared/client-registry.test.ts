import { SharedRegistry } from './client-registry';

describe('SharedRegistry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const registry = () => {
    const disposed: string[] = [];
    let created = 0;
    const shared = new SharedRegistry<{ name: string }>(
      (key) => ({ name: `${key}#${++created}` }),
      (value) => disposed.push(value.name),
    );
    return { shared, disposed };
  };

  it('shares one value per key and disposes of it when the last holder lets go', () => {
    const { shared, disposed } = registry();
    const first = shared.acquire('a');
    const second = shared.acquire('a');
    expect(second.value).toBe(first.value);
    expect(shared.acquire('b').value).not.toBe(first.value);
    first.release();
    first.release();
    jest.runAllTimers();
    expect(disposed).toEqual([]);
    second.release();
    jest.runAllTimers();
    expect(disposed).toEqual(['a#1']);
    expect(shared.size).toBe(1);
  });

  it('keeps the value for a holder that lets go and takes it again at once (an element moved in the page)', () => {
    const { shared, disposed } = registry();
    const before = shared.acquire('a');
    before.release();
    const after = shared.acquire('a');
    jest.runAllTimers();
    expect(after.value).toBe(before.value);
    expect(disposed).toEqual([]);
  });
});
