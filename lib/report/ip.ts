/** IPv4/IPv6 CIDR membership (NetworkPolicy `ipBlock`, AuthorizationPolicy `ipBlocks`). */

function parse(s: string): { v6: boolean; value: bigint } | undefined {
  if (!s.includes(':')) {
    const parts = s.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return { v6: false, value: parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n) };
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** Whether `ip` lies in `cidr`; a bare address is a host route. Mixed families never match. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split('/');
  const a = parse(ip);
  const b = parse(base);
  if (!a || !b || a.v6 !== b.v6) return false;
  const bits = a.v6 ? 128 : 32;
  const n = len === undefined ? bits : Number(len);
  if (!Number.isInteger(n) || n < 0 || n > bits) return false;
  const shift = BigInt(bits - n);
  return a.value >> shift === b.value >> shift;
}
