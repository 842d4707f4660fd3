/** IPv4 / IPv6 address and CIDR matching (for NetworkPolicy ipBlock and AuthorizationPolicy ipBlocks). */

interface ParsedIp {
  v6: boolean;
  value: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  let str = s;
  // embedded IPv4 tail (::ffff:1.2.3.4) → two hex groups
  const lastColon = str.lastIndexOf(':');
  if (str.includes('.')) {
    const tail = parseV4(str.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    str = `${str.slice(0, lastColon + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = str.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

export function parseIp(s: string): ParsedIp | undefined {
  if (s.includes(':')) {
    const value = parseV6(s);
    return value === undefined ? undefined : { v6: true, value };
  }
  const value = parseV4(s);
  return value === undefined ? undefined : { v6: false, value };
}

/**
 * Whether `ip` is inside `cidr`. A bare address (no `/len`) is a host route (/32 or /128), as Istio
 * accepts for `ipBlocks`. Mismatched families and unparsable input never match.
 */
export function ipInCidr(ip: string, cidr: string): boolean {
  const a = parseIp(ip);
  const [base, lenStr] = cidr.split('/');
  const b = parseIp(base);
  if (!a || !b || a.v6 !== b.v6) return false;
  const bits = a.v6 ? 128 : 32;
  const len = lenStr === undefined ? bits : Number(lenStr);
  if (!Number.isInteger(len) || len < 0 || len > bits) return false;
  const shift = BigInt(bits - len);
  return a.value >> shift === b.value >> shift;
}
