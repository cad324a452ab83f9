// Our own RADIUS codec (RFC 2865/2866/2869/5176/5997 + WISPr and ChilliSpot VSAs): strict decoding that returns
// errors as values, encoding, authenticators, Message-Authenticator (HMAC-MD5), User-Password and CHAP.
// Written instead of npm `radius` because of its verified defects (reference §3.7): MA on accounting/CoA/DM,
// signing of CoA/DM, MA always last, throwing decode, non-constant-time compares.
import { timingSafeEqual } from 'node:crypto';
import { hmacMd5Slices, md5, md5Slices } from './fast-hash.ts';
import { ATTR, CHILLI, CODE, KIND, STANDARD_VSA_VENDORS, VENDOR, VENDOR_INTEGERS, WISPR } from './dictionary.ts';
export { ACCT_STATUS, ATTR, CHILLI, CODE, ERROR_CAUSE, VENDOR, WISPR } from './dictionary.ts';

export const MAX_PACKET = 4096;
const HEADER = 20;

export interface Attr {
  type: number;
  value: Buffer;
  /** set for a sub-attribute of Vendor-Specific (26) */
  vendor?: number;
}

export interface Packet {
  code: number;
  identifier: number;
  authenticator: Buffer;
  /** top-level attributes in wire order; Vendor-Specific kept whole (type 26) */
  attrs: Attr[];
  /** decoded vendor sub-attributes of the vendors we know (type = vendor type) */
  vsas: Attr[];
  /** the octets covered by the Length field */
  raw: Buffer;
  /** offset of the Message-Authenticator value in raw, or -1 */
  maOffset: number;
}

export type DecodeResult = { ok: true; packet: Packet } | { ok: false; reason: string };

function checkLength(type: number, len: number): string | null {
  const kind = KIND[type];
  switch (kind) {
    case 'integer':
    case 'ipaddr':
      return len === 6 ? null : 'bad_integer_length';
    case 'ma':
      return len === 18 ? null : 'bad_message_authenticator_length';
    case 'chap':
      return len === 19 ? null : 'bad_chap_password_length';
    case 'password': // RFC 2865 §5.2: 16..128 octets, a multiple of 16
      return len >= 18 && len <= 130 && (len - 2) % 16 === 0 ? null : 'bad_user_password_length';
    case 'ipv6':
      return len === 18 ? null : 'bad_ipv6_length';
    case 'text':
      return len >= 3 ? null : 'empty_user_name';
    default:
      return null;
  }
}

/** Decodes and checks the structure of a packet. Never throws; the reason names what was wrong. */
export function decode(buf: Buffer): DecodeResult {
  if (buf.length < HEADER) return { ok: false, reason: 'short_packet' };
  const length = buf.readUInt16BE(2);
  if (length < HEADER || length > MAX_PACKET) return { ok: false, reason: 'bad_length_field' };
  // RFC 2865 §3: octets beyond Length are padding and ignored; fewer octets than Length means discard.
  if (length > buf.length) return { ok: false, reason: 'truncated_packet' };
  const raw = length === buf.length ? buf : buf.subarray(0, length);
  const attrs: Attr[] = [];
  const vsas: Attr[] = [];
  let maOffset = -1;
  let off = HEADER;
  while (off < length) {
    if (off + 2 > length) return { ok: false, reason: 'truncated_attribute' };
    const type = raw[off];
    const len = raw[off + 1];
    if (len < 2) return { ok: false, reason: 'bad_attribute_length' };
    if (off + len > length) return { ok: false, reason: 'attribute_overflows_packet' };
    if (type === 0) return { ok: false, reason: 'attribute_type_zero' };
    const bad = checkLength(type, len);
    if (bad) return { ok: false, reason: bad };
    const value = raw.subarray(off + 2, off + len);
    if (type === ATTR.MessageAuthenticator) {
      if (maOffset >= 0) return { ok: false, reason: 'duplicate_message_authenticator' };
      maOffset = off + 2;
    }
    if (type === ATTR.VendorSpecific) {
      if (len < 7) return { ok: false, reason: 'short_vendor_specific' };
      const vendor = value.readUInt32BE(0);
      if (value[0] !== 0) return { ok: false, reason: 'bad_vendor_id' };
      if (STANDARD_VSA_VENDORS.has(vendor)) {
        let v = 4;
        const ints = VENDOR_INTEGERS[vendor];
        while (v < value.length) {
          if (v + 2 > value.length) return { ok: false, reason: 'truncated_vendor_attribute' };
          const vtype = value[v];
          const vlen = value[v + 1];
          if (vlen < 2 || v + vlen > value.length) return { ok: false, reason: 'bad_vendor_attribute_length' };
          if (ints?.has(vtype) && vlen !== 6) return { ok: false, reason: 'bad_vendor_integer_length' };
          vsas.push({ type: vtype, vendor, value: value.subarray(v + 2, v + vlen) });
          v += vlen;
        }
      }
    }
    attrs.push({ type, value });
    off += len;
  }
  return { ok: true, packet: { code: raw[0], identifier: raw[1], authenticator: raw.subarray(4, 20), attrs, vsas, raw, maOffset } };
}

// ---- attribute access ------------------------------------------------------------------------------------

export function get(p: Packet, type: number): Buffer | undefined {
  for (const a of p.attrs) if (a.type === type) return a.value;
  return undefined;
}
export function getAll(p: Packet, type: number): Buffer[] {
  return p.attrs.filter((a) => a.type === type).map((a) => a.value);
}
export function getText(p: Packet, type: number): string | undefined {
  const v = get(p, type);
  return v === undefined ? undefined : v.toString('utf8');
}
export function getInt(p: Packet, type: number): number | undefined {
  const v = get(p, type);
  return v === undefined || v.length !== 4 ? undefined : v.readUInt32BE(0);
}
export function getIp(p: Packet, type: number): string | undefined {
  const v = get(p, type);
  return v === undefined || v.length !== 4 ? undefined : `${v[0]}.${v[1]}.${v[2]}.${v[3]}`;
}
export function getVsa(p: Packet, vendor: number, type: number): Buffer | undefined {
  for (const a of p.vsas) if (a.vendor === vendor && a.type === type) return a.value;
  return undefined;
}

// ---- encoding --------------------------------------------------------------------------------------------

export function text(type: number, s: string): Attr {
  return { type, value: Buffer.from(s, 'utf8') };
}
export function int(type: number, n: number): Attr {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return { type, value: b };
}
export function ip(type: number, addr: string): Attr {
  return { type, value: Buffer.from(addr.split('.').map((x) => Number(x) & 255)) };
}
export function octets(type: number, b: Buffer): Attr {
  return { type, value: b };
}
export function vsa(vendor: number, type: number, value: Buffer | number | string): Attr {
  const v = typeof value === 'number' ? int(0, value).value : typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return { type, vendor, value: v };
}

/** Splits a long text into several attributes of at most 253 octets (RFC 2865 §5: e.g. several Reply-Messages). */
export function splitText(type: number, s: string): Attr[] {
  const b = Buffer.from(s, 'utf8');
  const out: Attr[] = [];
  for (let i = 0; i < b.length; i += 253) out.push({ type, value: b.subarray(i, i + 253) });
  return out;
}

function attrLength(a: Attr): number {
  return a.vendor === undefined ? 2 + a.value.length : 2 + 4 + 2 + a.value.length;
}

/**
 * Encodes a packet. Throws RangeError when an attribute value exceeds 253 octets (247 in a VSA) or the packet
 * 4096; callers inside the server loop catch it.
 */
export function encode(code: number, identifier: number, authenticator: Buffer, attrs: Attr[]): Buffer {
  let len = HEADER;
  for (const a of attrs) {
    if (a.value.length > (a.vendor === undefined ? 253 : 247)) throw new RangeError(`attribute ${a.vendor ? a.vendor + ':' : ''}${a.type} value too long`);
    len += attrLength(a);
  }
  if (len > MAX_PACKET) throw new RangeError('packet exceeds 4096 octets');
  const buf = Buffer.allocUnsafe(len);
  buf[0] = code;
  buf[1] = identifier & 255;
  buf.writeUInt16BE(len, 2);
  authenticator.copy(buf, 4, 0, 16);
  let off = HEADER;
  for (const a of attrs) {
    if (a.vendor === undefined) {
      buf[off] = a.type;
      buf[off + 1] = 2 + a.value.length;
      a.value.copy(buf, off + 2);
      off += 2 + a.value.length;
    } else {
      buf[off] = ATTR.VendorSpecific;
      buf[off + 1] = 8 + a.value.length;
      buf.writeUInt32BE(a.vendor, off + 2);
      buf[off + 6] = a.type;
      buf[off + 7] = 2 + a.value.length;
      a.value.copy(buf, off + 8);
      off += 8 + a.value.length;
    }
  }
  return buf;
}

// ---- authenticators --------------------------------------------------------------------------------------

const ZERO16 = Buffer.alloc(16);


function findMa(buf: Buffer): number {
  let off = HEADER;
  const length = buf.readUInt16BE(2);
  while (off + 2 <= length) {
    const l = buf[off + 1];
    if (l < 2) return -1;
    if (buf[off] === ATTR.MessageAuthenticator && l === 18) return off + 2;
    off += l;
  }
  return -1;
}

/**
 * Message-Authenticator (RFC 2869 §5.14, RFC 3579 §3.2) over `raw` with the MA value zeroed and, for accounting,
 * CoA and Disconnect requests (RFC 5176 §3.5), the Request Authenticator zeroed too; `authenticator` replaces
 * octets 4..20 when given (responses are signed with the request's authenticator).
 */
export function computeMa(raw: Buffer, maOffset: number, secret: Buffer, authenticator?: Buffer): Buffer {
  return hmacMd5Slices(secret, [
    [raw, 0, 4],
    authenticator ? [authenticator, 0, 16] : [raw, 4, 20],
    [raw, 20, maOffset],
    [ZERO16, 0, 16],
    [raw, maOffset + 16, raw.length],
  ]);
}

function zeroAuthCodes(code: number): boolean {
  return code === CODE.AccountingRequest || code === CODE.CoaRequest || code === CODE.DisconnectRequest;
}

/** Verifies a received request's Message-Authenticator (if present: returns null when absent). Constant-time. */
export function verifyRequestMa(p: Packet, secret: Buffer): boolean | null {
  if (p.maOffset < 0) return null;
  const expected = computeMa(p.raw, p.maOffset, secret, zeroAuthCodes(p.code) ? ZERO16 : undefined);
  return timingSafeEqual(expected, p.raw.subarray(p.maOffset, p.maOffset + 16));
}

/** RFC 2866 §3 / RFC 5176 §3.5: Request Authenticator = MD5(Code+Id+Length+16 zero octets+Attributes+Secret). */
export function verifyAccountingAuthenticator(p: Packet, secret: Buffer): boolean {
  const expected = md5Slices([[p.raw, 0, 4], [ZERO16, 0, 16], [p.raw, 20, p.raw.length], [secret, 0, secret.length]]);
  return timingSafeEqual(expected, p.authenticator);
}

/** RFC 2865 §3: Response Authenticator = MD5(Code+Id+Length+RequestAuth+Attributes+Secret). */
export function verifyResponse(response: Packet, requestAuthenticator: Buffer, secret: Buffer): boolean {
  const expected = md5(response.raw.subarray(0, 4), requestAuthenticator, response.raw.subarray(20), secret);
  if (!timingSafeEqual(expected, response.authenticator)) return false;
  if (response.maOffset >= 0) {
    const ma = computeMa(response.raw, response.maOffset, secret, requestAuthenticator);
    if (!timingSafeEqual(ma, response.raw.subarray(response.maOffset, response.maOffset + 16))) return false;
  }
  return true;
}

/**
 * Builds a signed response. With `withMa`, Message-Authenticator is the FIRST attribute (BlastRADIUS,
 * draft-ietf-radext-deprecating-radius); Proxy-State attributes of the request are echoed last, in order (RFC 2865 §5.33).
 */
export function encodeResponse(code: number, request: Packet, attrs: Attr[], secret: Buffer, withMa: boolean): Buffer {
  const proxy: Attr[] = [];
  for (const a of request.attrs) if (a.type === ATTR.ProxyState) proxy.push(a);
  const all = withMa ? [{ type: ATTR.MessageAuthenticator, value: ZERO16 }, ...attrs, ...proxy] : proxy.length ? [...attrs, ...proxy] : attrs;
  const pkt = encode(code, request.identifier, request.authenticator, all);
  if (withMa) computeMa(pkt, HEADER + 2, secret).copy(pkt, HEADER + 2);
  md5(pkt, secret).copy(pkt, 4);
  return pkt;
}

/**
 * Builds a signed request. Access-Request and Status-Server keep the given random authenticator (MA over it);
 * Accounting, CoA and Disconnect get MA computed over a zero authenticator, then the Request Authenticator
 * MD5(packet with zero authenticator + secret) (RFC 5176 §3.5, verified against radclient in the reference).
 */
export function encodeRequest(code: number, identifier: number, attrs: Attr[], secret: Buffer, opts: { withMa: boolean; authenticator?: Buffer }): Buffer {
  const all = opts.withMa ? [{ type: ATTR.MessageAuthenticator, value: ZERO16 }, ...attrs] : attrs;
  const zero = zeroAuthCodes(code);
  const pkt = encode(code, identifier, zero ? ZERO16 : (opts.authenticator ?? ZERO16), all);
  if (opts.withMa) computeMa(pkt, findMa(pkt), secret).copy(pkt, findMa(pkt));
  if (zero) md5(pkt, secret).copy(pkt, 4);
  return pkt;
}

// ---- User-Password and CHAP ------------------------------------------------------------------------------

/** RFC 2865 §5.2: decodes User-Password with the secret and Request Authenticator; trailing NULs removed. */
export function decodeUserPassword(value: Buffer, secret: Buffer, authenticator: Buffer): Buffer {
  const out = Buffer.allocUnsafe(value.length);
  let prev = authenticator;
  for (let i = 0; i < value.length; i += 16) {
    const b = md5(secret, prev);
    for (let j = 0; j < 16; j++) out[i + j] = value[i + j] ^ b[j];
    prev = value.subarray(i, i + 16);
  }
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/** RFC 2865 §5.2: the client side, for our test NAS and load generator. */
export function encodeUserPassword(password: Buffer | string, secret: Buffer, authenticator: Buffer): Buffer {
  const p = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  const len = Math.max(16, Math.ceil(p.length / 16) * 16);
  if (len > 128) throw new RangeError('password longer than 128 octets');
  const padded = Buffer.alloc(len);
  p.copy(padded);
  const out = Buffer.allocUnsafe(len);
  let prev = authenticator;
  for (let i = 0; i < len; i += 16) {
    const b = md5(secret, prev);
    for (let j = 0; j < 16; j++) out[i + j] = padded[i + j] ^ b[j];
    prev = out.subarray(i, i + 16);
  }
  return out;
}

/**
 * RFC 2865 §5.3 / RFC 1994: CHAP-Password = ident ‖ MD5(ident ‖ password ‖ challenge); the challenge is
 * CHAP-Challenge when present, else the Request Authenticator. Constant-time comparison.
 */
export function verifyChap(p: Packet, password: Buffer | string): boolean {
  const chap = get(p, ATTR.ChapPassword);
  if (!chap || chap.length !== 17) return false;
  const challenge = get(p, ATTR.ChapChallenge) ?? p.authenticator;
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  const expected = md5(chap.subarray(0, 1), pw, challenge);
  return timingSafeEqual(expected, chap.subarray(1, 17));
}

export function chapPassword(ident: number, password: string, challenge: Buffer): Buffer {
  const id = Buffer.from([ident & 255]);
  return Buffer.concat([id, md5(id, Buffer.from(password, 'utf8'), challenge)]);
}
