import { describe, expect, it } from 'vitest';
import { isInternalAddress, nameToCheck, webhookUrlProblem } from '#domain/webhooks/url.ts';

const deployed = { allowLoopback: false };
const local = { allowLoopback: true };

describe('a webhook URL, deployed', () => {
  it.each([
    'https://hooks.example.com/total-customer',
    'https://hooks.example.com:8443/in?source=portal',
    'https://93.184.216.34/hook',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/hook',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblem(url, deployed)).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.com/', /HTTPS/],
    ['http://127.0.0.1:4000/hook', /HTTPS/],
    ['ftp://hooks.example.com/', /HTTPS/],
    ['javascript:alert(1)', /HTTPS/],
    ['hooks.example.com/hook', /absolute/],
    ['https://user:pass@hooks.example.com/', /credentials/],
    ['https://token@hooks.example.com/', /credentials/],
    ['https://hooks.example.com/#part', /fragment/],
    [' https://hooks.example.com/', /spaces/],
    ['https://10.1.2.3/', /private/],
    ['https://172.16.0.1/', /private/],
    ['https://192.168.1.1/', /private/],
    ['https://127.0.0.1/', /private/],
    ['https://0x7f.1/', /private/],
    ['https://2130706433/', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://100.64.0.1/', /private/],
    ['https://0.0.0.0/', /private/],
    ['https://[::1]/', /private/],
    ['https://[fd00::1]/', /private/],
    ['https://[fe80::1]/', /private/],
    ['https://[::ffff:10.0.0.1]/', /private/],
    ['https://[::ffff:169.254.169.254]/', /private/],
    ['https://localhost/', /private/],
    ['https://api.localhost/', /private/],
    ['https://intranet/', /public host/],
    [`https://hooks.example.com/${'a'.repeat(2_000)}`, /At most/],
  ])('refuses %s', (url, reason) => {
    expect(webhookUrlProblem(url, deployed)).toMatch(reason);
  });
});

describe('a webhook URL, in the local stack', () => {
  it.each(['http://127.0.0.1:4000/hook', 'http://localhost:4000/hook', 'http://[::1]:4000/', 'https://10.0.0.1/'])(
    'accepts %s',
    (url) => {
      expect(webhookUrlProblem(url, local)).toBeUndefined();
    },
  );

  it.each([
    ['http://hooks.example.com/', /HTTPS/],
    ['http://10.0.0.1/', /HTTPS/],
    ['http://user:pass@127.0.0.1/', /credentials/],
  ])('still refuses %s', (url, reason) => {
    expect(webhookUrlProblem(url, local)).toMatch(reason);
  });
});

describe('what a delivery checks before it connects', () => {
  it.each([
    ['https://hooks.example.com/in', 'hooks.example.com'],
    ['https://Hooks.Example.COM:8443/in', 'hooks.example.com'],
    ['https://93.184.216.34/hook', undefined],
    ['https://[2606:2800:220:1:248:1893:25c8:1946]/hook', undefined],
    ['http://localhost:4000/hook', undefined],
    ['http://127.0.0.1:4000/hook', undefined],
  ])('resolves the name of %s: %s', (url, name) => {
    expect(nameToCheck(url)).toBe(name);
  });

  it.each(['10.0.0.5', '127.0.0.1', '169.254.169.254', '::1', 'fd12::1', '::ffff:10.0.0.1', '::ffff:a00:1'])(
    'refuses the address %s',
    (address) => {
      expect(isInternalAddress(address)).toBe(true);
    },
  );

  it.each(['93.184.216.34', '203.0.113.10', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'allows the address %s',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );
});
