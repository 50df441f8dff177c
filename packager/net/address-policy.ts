/**
 * Which IP addresses ScalaCast may connect to on a publisher's behalf (URL ingest, webhooks). Everything
 * public is allowed; loopback, private, link-local (cloud metadata services live there: 169.254.169.254,
 * fd00:ec2::254 is private) and reserved ranges are refused, unless the operator's allow-list names them.
 */
import net from 'node:net';

export type RefusalReason = 'loopback' | 'private' | 'link-local' | 'reserved';

export interface AddressVerdict {
  readonly allowed: boolean;
  /** Why it is refused; null when allowed. */
  readonly reason: RefusalReason | null;
}

export interface AddressPolicy {
  /** `address` is a literal IPv4 or IPv6 address (a resolved one, never a host name). */
  check(address: string): AddressVerdict;
}

const RANGES: Readonly<Record<RefusalReason, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  reserved: [
    '0.0.0.0/8',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.88.99.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
    '::/128',
    '64:ff9b::/96',
    '100::/64',
    '2001::/32',
    '2001:db8::/32',
    '2002::/16',
    'fec0::/10',
    'ff00::/8',
  ],
};

export function createAddressPolicy(allowCidrs: readonly string[] = []): AddressPolicy {
  const allowList = blockListOf(allowCidrs);
  const refused = Object.entries(RANGES).map(([reason, ranges]) => ({
    reason: reason as RefusalReason,
    list: blockListOf(ranges),
  }));
  return {
    check(address) {
      const { literal, family } = normalize(address);
      if (family === null) return { allowed: false, reason: 'reserved' };
      if (allowList.check(literal, family)) return { allowed: true, reason: null };
      const match = refused.find(({ list }) => list.check(literal, family));
      return match ? { allowed: false, reason: match.reason } : { allowed: true, reason: null };
    },
  };
}

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries. */
function normalize(address: string): { literal: string; family: 'ipv4' | 'ipv6' | null } {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(?:0:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (mapped?.[1] !== undefined && mapped[2] !== undefined) {
    const high = parseInt(mapped[1], 16);
    const low = parseInt(mapped[2], 16);
    return { literal: `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, family: 'ipv4' };
  }
  const dotted = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (dotted !== undefined) return { literal: dotted, family: 'ipv4' };
  const version = net.isIP(bare);
  return { literal: bare, family: version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null };
}

function blockListOf(cidrs: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix] = cidr.split('/');
    const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}
