/**
 * The little DER (ASN.1) the signature module needs and Node's crypto does not offer for SM2: reading the
 * public point of a certificate and the scalar of a PKCS#8 key, and writing a self-signed certificate (the
 * platform's ephemeral key, test fixtures). Encoding only: every cryptographic operation is Node's crypto or
 * sm-crypto.
 */

export interface DerNode {
  tag: number;
  /** The content octets. */
  content: Buffer;
  /** The whole element, tag and length included. */
  raw: Buffer;
}

/** Reads one element at `offset`; throws on a truncated or indefinite-length encoding. */
export function readDer(buffer: Buffer, offset = 0): DerNode & { end: number } {
  if (offset + 2 > buffer.length) throw new Error('DER: truncated element');
  const tag = buffer[offset];
  let length = buffer[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('DER: unsupported length');
    if (offset + 2 + octets > buffer.length) throw new Error('DER: truncated length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buffer[offset + 2 + i];
    header += octets;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new Error('DER: truncated content');
  return {
    tag,
    content: buffer.subarray(offset + header, end),
    raw: buffer.subarray(offset, end),
    end,
  };
}

/** The elements inside a constructed element's content. */
export function derChildren(node: DerNode): DerNode[] {
  const children: DerNode[] = [];
  let offset = 0;
  while (offset < node.content.length) {
    const child = readDer(node.content, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Dotted form of an OBJECT IDENTIFIER's content. */
export function oidOf(node: DerNode): string {
  if (node.tag !== 0x06) throw new Error('DER: not an OBJECT IDENTIFIER');
  const bytes = node.content;
  const parts: number[] = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

// --- writing ---

function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const der = {
  tlv: (tag: number, content: Buffer): Buffer =>
    Buffer.concat([Buffer.from([tag]), lengthOctets(content.length), content]),
  sequence: (...items: Buffer[]): Buffer => der.tlv(0x30, Buffer.concat(items)),
  set: (...items: Buffer[]): Buffer => der.tlv(0x31, Buffer.concat(items)),
  /** A non-negative INTEGER from its big-endian magnitude. */
  integer: (magnitude: Buffer): Buffer => {
    let bytes = magnitude;
    while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1] & 0x80)) bytes = bytes.subarray(1);
    if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return der.tlv(0x02, bytes);
  },
  oid: (dotted: string): Buffer => {
    const [a, b, ...rest] = dotted.split('.').map(Number);
    const bytes = [a * 40 + b];
    for (const part of rest) {
      const groups: number[] = [];
      for (let n = part; ; n = Math.floor(n / 128)) {
        groups.unshift(n % 128);
        if (n < 128) break;
      }
      groups.forEach((g, i) => bytes.push(i < groups.length - 1 ? g | 0x80 : g));
    }
    return der.tlv(0x06, Buffer.from(bytes));
  },
  null: (): Buffer => Buffer.from([0x05, 0x00]),
  bitString: (bytes: Buffer): Buffer => der.tlv(0x03, Buffer.concat([Buffer.from([0]), bytes])),
  utf8: (text: string): Buffer => der.tlv(0x0c, Buffer.from(text, 'utf8')),
  /** UTCTime for years 1950-2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
  time: (date: Date): Buffer => {
    const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return date.getUTCFullYear() < 2050
      ? der.tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
      : der.tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
  },
  explicit: (tagNumber: number, content: Buffer): Buffer => der.tlv(0xa0 | tagNumber, content),
};
