/** IPv4/IPv6 CIDR membership (NetworkPolicy `ipBlock`, AuthorizationPolicy `ipBlocks`); addresses are parsed in ip-set.ts. */
import { cidrInterval } from './ip-set';

/** Whether `ip` lies in `cidr`; a bare address is a host route. Mixed families never match. */
export function ipInCidr(ip: string, cidr: string): boolean {
  if (ip.includes('/')) return false;
  const a = cidrInterval(ip);
  const b = cidrInterval(cidr);
  return a !== undefined && b !== undefined && b.lo <= a.lo && a.hi <= b.hi;
}
