import net from 'node:net';

/** `10.0.0.0/8, 127.0.0.1 ,::1/128` -> trimmed, non-empty entries. */
export function parseCidrList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Null when every entry is an IP address or a CIDR block; otherwise the first bad entry. */
export function cidrListProblem(text: string): string | null {
  for (const entry of parseCidrList(text)) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = net.isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || extra !== undefined) return entry;
  }
  return null;
}
