import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from './address-policy.js';

describe('address policy', () => {
  const policy = createAddressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['100.100.100.200', 'private'],
    ['fd00:ec2::254', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('refuses %s as %s', (address, reason) => {
    expect(policy.check(address)).toEqual({ allowed: false, reason });
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '[2001:4860:4860::8888]'])(
    'allows the public address %s',
    (address) => {
      expect(policy.check(address)).toEqual({ allowed: true, reason: null });
    },
  );

  it('lets the operator allow-list open chosen blocks, and nothing else', () => {
    const allowing = createAddressPolicy(['127.0.0.1/32', '10.20.0.0/16', 'fd12::/16']);
    expect(allowing.check('127.0.0.1').allowed).toBe(true);
    expect(allowing.check('::ffff:127.0.0.1').allowed).toBe(true);
    expect(allowing.check('10.20.3.4').allowed).toBe(true);
    expect(allowing.check('fd12::5').allowed).toBe(true);
    expect(allowing.check('127.0.0.2')).toEqual({ allowed: false, reason: 'loopback' });
    expect(allowing.check('10.21.0.1')).toEqual({ allowed: false, reason: 'private' });
  });
});
