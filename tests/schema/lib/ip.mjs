// The Kubernetes CEL IP library (k8s.io/apiserver/pkg/cel/library/ip.go) in JavaScript.
// Parsing follows Go's net/netip.ParseAddr exactly (no leading zeros in IPv4 octets, at most four hex digits
// per IPv6 group, one "::" that stands for at least one group, an IPv4 tail only in the last 32 bits), and then
// rejects what the library rejects: zones (fe80::1%eth0) and IPv4-mapped IPv6 addresses (::ffff:192.0.2.1).
// String() is netip.Addr.String(): dotted decimal, or RFC 5952 canonical IPv6.

/** A parsed address: 4 or 16 bytes. */
export class IPAddr {
  /** @param {number[]} bytes */
  constructor(bytes) {
    this.bytes = bytes;
  }

  family() {
    return this.bytes.length === 4 ? 4 : 6;
  }

  /**
   * Go's netip.Addr.IsGlobalUnicast: not unspecified, loopback (127/8, ::1), multicast (224/4, ff00::/8),
   * link-local unicast (169.254/16, fe80::/10) nor the IPv4 limited broadcast.
   */
  isGlobalUnicast() {
    const b = this.bytes;
    if (b.length === 4) {
      if (b.every((x) => x === 0) || b.every((x) => x === 255)) return false;
      return b[0] !== 127 && (b[0] & 0xf0) !== 0xe0 && !(b[0] === 169 && b[1] === 254);
    }
    const loopback = b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
    return !b.every((x) => x === 0) && !loopback && b[0] !== 0xff && !(b[0] === 0xfe && (b[1] & 0xc0) === 0x80);
  }

  is4In6() {
    const b = this.bytes;
    return b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  }

  toString() {
    const b = this.bytes;
    if (b.length === 4) return b.join('.');
    const groups = [];
    for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
    // The longest run of two or more zero groups becomes "::" (the first of equal runs), as netip does.
    let zeroStart = -1;
    let zeroLen = 0;
    for (let i = 0; i < 8; i++) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i >= 2 && j - i > zeroLen) {
        zeroStart = i;
        zeroLen = j - i;
      }
    }
    let out = '';
    for (let i = 0; i < 8; i++) {
      if (i === zeroStart) {
        out += '::';
        i += zeroLen - 1;
        continue;
      }
      if (i > 0 && !out.endsWith('::')) out += ':';
      out += groups[i].toString(16);
    }
    return out;
  }
}

export class IPParseError extends Error {}

function fail(input, msg) {
  throw new IPParseError(`ParseAddr(${JSON.stringify(input)}): ${msg}`);
}

/** netip parseIPv4Fields: writes four octets of s[off:end] into out. */
function parseIPv4Fields(input, off, end, out) {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) fail(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digits++;
      if (val > 255) fail(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') fail(input, 'IPv4 field must have at least one digit');
      if (pos === 3) fail(input, 'IPv4 address too long');
      out[pos++] = val;
      val = 0;
      digits = 0;
    } else {
      fail(input, 'unexpected character');
    }
  }
  if (pos < 3) fail(input, 'IPv4 address too short');
  out[3] = val;
}

function hexValue(c) {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

function parseIPv6(input) {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') fail(input, 'zone must be a non-empty string');
  }
  const ip = new Array(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { addr: new IPAddr(ip), zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const v = hexValue(s[off]);
      if (v < 0) break;
      acc = acc * 16 + v;
      if (off > 3) fail(input, 'each group must have 4 or less digits');
      if (acc > 0xffff) fail(input, 'IPv6 field has value >=2^16');
    }
    if (off === 0) fail(input, 'each colon-separated field must have at least one digit');
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) fail(input, 'embedded IPv4 address must replace the final 2 fields of the address');
      if (i + 4 > 16) fail(input, 'too many hex fields to fit an embedded IPv4 at the end of the address');
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const quad = [0, 0, 0, 0];
      parseIPv4Fields(input, end - s.length, end, quad);
      ip.splice(i, 4, ...quad);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') fail(input, 'unexpected character, want colon');
    if (s.length === 1) fail(input, 'colon must be followed by more characters');
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) fail(input, 'multiple :: in address');
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) fail(input, 'trailing garbage after address');
  if (i < 16) {
    if (ellipsis < 0) fail(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) {
    fail(input, 'the :: must expand to at least one field of zeros');
  }
  return { addr: new IPAddr(ip), zone };
}

/** Go's netip.ParseAddr; returns the address and its zone. */
export function parseAddr(input) {
  for (const c of input) {
    if (c === '.') {
      const out = [0, 0, 0, 0];
      parseIPv4Fields(input, 0, input.length, out);
      return { addr: new IPAddr(out), zone: '' };
    }
    if (c === ':') return parseIPv6(input);
    if (c === '%') fail(input, 'missing IPv6 address');
  }
  return fail(input, 'unable to parse IP');
}

/** The library's parseIPAddr: ParseAddr, then no zone and no IPv4-mapped IPv6. Throws IPParseError. */
export function parseIP(input) {
  const { addr, zone } = parseAddr(input);
  if (zone !== '') throw new IPParseError(`IP address ${JSON.stringify(input)} with zone value is not allowed`);
  if (addr.is4In6()) throw new IPParseError(`IPv4-mapped IPv6 address ${JSON.stringify(input)} is not allowed`);
  return addr;
}

/** isIP(string) bool */
export function isIP(input) {
  try {
    parseIP(input);
    return true;
  } catch (e) {
    if (e instanceof IPParseError) return false;
    throw e;
  }
}

/**
 * isCIDR(string) bool: Go's netip.ParsePrefix (the address as ParseAddr reads it, no zone, the length in decimal
 * without sign or leading zero and within the family's bits), then the library's refusal of IPv4-mapped IPv6.
 * Host bits may be set (192.0.2.1/24 is a CIDR), as the API server agrees.
 */
export function isCIDR(input) {
  const slash = input.lastIndexOf('/');
  if (slash < 0) return false;
  let parsed;
  try {
    parsed = parseAddr(input.slice(0, slash));
  } catch (e) {
    if (e instanceof IPParseError) return false;
    throw e;
  }
  if (parsed.zone !== '' || parsed.addr.is4In6()) return false;
  const bits = input.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bits)) return false;
  return Number(bits) <= (parsed.addr.family() === 4 ? 32 : 128);
}
