/**
 * CIDR blocks, as a NetworkPolicy's ipBlock names them ("10.0.0.0/16", "2001:db8::/64"): parsed as
 * Go's net.ParseCIDR does (netutils.ParseCIDRSloppy: IPv4 octets may have leading zeros), masked
 * to their network, and asked whether an address or another block lies inside.
 */

/** A parsed block: its address bytes (4 or 16) masked to the prefix, and the prefix length. */
export interface Cidr {
  readonly bytes: readonly number[];
  readonly bits: number;
}

/** The address's bytes (4 for IPv4, 16 for IPv6), or undefined when it is not one. */
export function parseIP(text: string): number[] | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const bytes = text.split('.').map(Number);
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 255]);
}

/** The block `text` names, or undefined when it is not a valid CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const bytes = parseIP(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!bytes || !/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = Number(prefix);
  if (bits > bytes.length * 8) return undefined;
  return { bytes: mask(bytes, bits), bits };
}

function mask(bytes: readonly number[], bits: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.min(8, Math.max(0, bits - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

/** True when the address `ip` (bytes) lies in `block`. */
export function cidrContains(block: Cidr, ip: readonly number[]): boolean {
  if (ip.length !== block.bytes.length) return false;
  const masked = mask(ip, block.bits);
  return masked.every((b, i) => b === block.bytes[i]);
}
