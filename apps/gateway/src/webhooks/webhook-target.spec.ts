import { describeFailure } from './webhook-delivery.worker';
import { addressRange, parseAllowList, targetProblem } from './webhook-target';

const noDns = async () => [] as string[];
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('webhook targets (no server-side request forgery)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['224.0.0.1', 'multicast'],
  ])('classifies %s as internal (%s)', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '203.0.114.9', '2606:4700::1111'])('classifies %s as public', (address) => {
    expect(addressRange(address)).toBe('public');
  });

  it.each([
    'http://127.0.0.1:3002/x',
    'http://127.0.0.1:5432/',
    'http://[::1]:3000/',
    'http://0.0.0.0:3000/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://[::ffff:7f00:1]/',
    'http://10.0.0.8/hooks',
  ])('refuses %s without an allow-list', async (url) => {
    expect(await targetProblem(url, [], noDns)).toMatch(/loopback, private, link-local or metadata/);
  });

  it('refuses a host name that resolves to an internal address, even once among public ones', async () => {
    expect(
      await targetProblem('https://erp.example.com/', [], resolvesTo('203.0.114.9', '10.0.0.1')),
    ).toMatch(/metadata/);
    expect(await targetProblem('https://erp.example.com/', [], resolvesTo('203.0.114.9'))).toBeUndefined();
    expect(await targetProblem('http://localhost:3002/', [])).toMatch(/metadata/);
  });

  it('refuses credentials in the URL and other schemes', async () => {
    expect(await targetProblem('https://user:pw@erp.example.com/', [], noDns)).toMatch(/credentials/);
    expect(await targetProblem('ftp://erp.example.com/', [], noDns)).toMatch(/http or https/);
    expect(await targetProblem('not a url', [], noDns)).toMatch(/absolute/);
  });

  it('lets through only what the allow-list names: address, range, host name, with or without a port', async () => {
    const allow = parseAllowList('127.0.0.1:4711, 10.0.0.0/8, [::1]:8080, demo.internal');
    expect(await targetProblem('http://127.0.0.1:4711/h', allow, noDns)).toBeUndefined();
    expect(await targetProblem('http://127.0.0.1:3002/h', allow, noDns)).toBeDefined();
    expect(await targetProblem('http://10.9.8.7/h', allow, noDns)).toBeUndefined();
    expect(await targetProblem('http://[::1]:8080/', allow, noDns)).toBeUndefined();
    expect(await targetProblem('http://[::1]:8081/', allow, noDns)).toBeDefined();
    expect(await targetProblem('http://demo.internal/', allow, resolvesTo('192.168.0.4'))).toBeUndefined();
    expect(await targetProblem('http://169.254.169.254/', allow, noDns)).toBeDefined();
  });

  it('refuses a malformed allow-list entry', () => {
    expect(() => parseAllowList('10.0.0.0/99')).toThrow(/CIDR/);
    expect(() => parseAllowList('bad host!')).toThrow(/not a host name/);
  });

  it('tells the subscriber a category, never the raw network error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeFailure(refused, 1000)).toBe(
      'could not connect to the endpoint, or the connection was lost',
    );
    expect(describeFailure(Object.assign(new Error('x'), { code: 'ESWX_FORBIDDEN_TARGET' }), 1000)).toMatch(
      /^not attempted/,
    );
    expect(describeFailure(Object.assign(new Error('t'), { name: 'TimeoutError' }), 1000)).toBe(
      'no answer within 1000 ms',
    );
    expect(describeFailure(new Error('getaddrinfo ENOTFOUND x'), 1000)).not.toContain('ENOTFOUND');
  });
});
