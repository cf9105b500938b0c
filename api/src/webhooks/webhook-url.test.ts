import { checkWebhookUrl, isPublicAddress, ResolveHost } from './webhook-url';

/** Names resolve here as the test says, never through real DNS. */
const dnsTable: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'v6.example.com': ['2606:4700:4700::1111'],
  'inside.example.com': ['10.1.2.3'],
  'rebind.example.com': ['93.184.216.34', '127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'ula.example.com': ['fd00:ec2::254'],
  'mapped.example.com': ['::ffff:192.168.1.10'],
};
const resolve: ResolveHost = async (host) => {
  const found = dnsTable[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const strict = { allowPrivate: false, resolve };

async function refusal(url: string): Promise<{ code: string; field: string | null; message: string }> {
  try {
    await checkWebhookUrl(url, strict);
  } catch (err) {
    const e = err as { code: string; field: string | null; message: string };
    return { code: e.code, field: e.field, message: e.message };
  }
  throw new Error(`${url} was accepted`);
}

describe('webhook URL safety (DESIGN §7)', () => {
  it.each([
    ['http://hooks.example.com/x', 'url must use https:'],
    ['ftp://hooks.example.com/x', 'url must use https:'],
    ['https://user:pw@hooks.example.com/', 'url must not carry a user name or password'],
    ['not a url', 'url is not a valid absolute URL'],
    ['https://localhost/hook', 'url must not point at this machine (localhost)'],
    ['https://api.localhost./hook', 'url must not point at this machine (localhost)'],
    ['https://127.0.0.1/', 'url resolves to 127.0.0.1'],
    ['https://2130706433/', 'url resolves to 127.0.0.1'], // decimal
    ['https://0x7f000001/', 'url resolves to 127.0.0.1'], // hex
    ['https://0x7f.0.0.1/', 'url resolves to 127.0.0.1'], // hex octet
    ['https://017700000001/', 'url resolves to 127.0.0.1'], // octal
    ['https://0177.0.0.1/', 'url resolves to 127.0.0.1'], // octal octet
    ['https://127.1/', 'url resolves to 127.0.0.1'], // short form
    ['https://0.0.0.0/', 'url resolves to 0.0.0.0'],
    ['https://10.0.0.5/', 'url resolves to 10.0.0.5'],
    ['https://172.16.9.9/', 'url resolves to 172.16.9.9'],
    ['https://192.168.0.1/', 'url resolves to 192.168.0.1'],
    ['https://100.100.100.200/', 'url resolves to 100.100.100.200'], // carrier-grade NAT (a cloud's metadata)
    ['https://169.254.169.254/latest/meta-data/', 'url resolves to 169.254.169.254'],
    ['https://[::1]/', 'url resolves to ::1'],
    ['https://[::]/', 'url resolves to ::'],
    ['https://[::ffff:127.0.0.1]/', 'url resolves to ::ffff:7f00:1'],
    ['https://[::ffff:a9fe:a9fe]/', 'url resolves to ::ffff:a9fe:a9fe'],
    ['https://[fe80::1]/', 'url resolves to fe80::1'],
    ['https://[fd00:ec2::254]/', 'url resolves to fd00:ec2::254'],
    ['https://inside.example.com/', 'url resolves to 10.1.2.3'],
    ['https://rebind.example.com/', 'url resolves to 127.0.0.1'],
    ['https://metadata.example.com/', 'url resolves to 169.254.169.254'],
    ['https://ula.example.com/', 'url resolves to fd00:ec2::254'],
    ['https://mapped.example.com/', 'url resolves to ::ffff:192.168.1.10'],
    ['https://nowhere.example.com/', "url's host nowhere.example.com does not resolve (ENOTFOUND)"],
  ])('refuses %s', async (url, message) => {
    const refused = await refusal(url);
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.field).toBe('url');
    expect(refused.message.startsWith(message)).toBe(true);
  });

  it('refuses URLs longer than 2000 characters', async () => {
    expect((await refusal(`https://hooks.example.com/${'a'.repeat(2000)}`)).message).toBe(
      'url must be at most 2000 characters',
    );
  });

  it('accepts https to public addresses and pins the resolved one', async () => {
    expect((await checkWebhookUrl('https://hooks.example.com/mp?x=1', strict)).pinned).toEqual({
      address: '93.184.216.34',
      family: 4,
    });
    expect((await checkWebhookUrl('https://v6.example.com/', strict)).pinned.address).toBe('2606:4700:4700::1111');
    expect((await checkWebhookUrl('https://8.8.8.8/', strict)).pinned.address).toBe('8.8.8.8');
    expect((await checkWebhookUrl('https://[2606:4700::1]:8443/', strict)).host).toBe('2606:4700::1');
  });

  it('allows http and private addresses with WEBHOOK_ALLOW_PRIVATE=1', async () => {
    const open = { allowPrivate: true, resolve };
    expect((await checkWebhookUrl('http://127.0.0.1:9000/hook', open)).pinned.address).toBe('127.0.0.1');
    expect((await checkWebhookUrl('http://inside.example.com/', open)).pinned.address).toBe('10.1.2.3');
    await expect(checkWebhookUrl('ftp://127.0.0.1/', open)).rejects.toThrow('url must use https:');
  });

  it('judges addresses', () => {
    expect(['8.8.8.8', '93.184.216.34', '2606:4700::1'].map(isPublicAddress)).toEqual([true, true, true]);
    expect(['127.0.0.1', '::1', 'fc00::1', '::ffff:10.0.0.1', '224.0.0.1', 'x'].map(isPublicAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
