/**
 * TLS for local mode's Kubernetes API. kubectl (client-go's clientcmd) sends a kubeconfig's
 * credentials only to an https server, as every real API server is, so local mode serves https
 * too: a certificate authority of its own, kept in the data directory so downloaded kubeconfigs
 * (which carry it as certificate-authority-data) stay valid, and a server certificate issued at
 * each start for the names the machine answers to. Node can make keys and signatures but not
 * certificates, so the few DER structures of an X.509 v3 certificate are written here.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

/** A key and its certificate, both PEM. */
export interface KeyAndCertificate {
  readonly keyPem: string;
  readonly certPem: string;
}

/** The names a server certificate is valid for. */
export interface ServerNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

const DAY_MS = 86_400_000;

/** A new certificate authority (EC P-256), valid for ten years. */
export function createCertificateAuthority(now: Date): KeyAndCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = distinguishedName('Kubelab local CA');
  const ski = keyIdentifier(publicKey);
  const extensions = [
    extension(OID.basicConstraints, true, sequence(boolean(true))),
    // keyCertSign and cRLSign (and digitalSignature): bits 0, 5 and 6.
    extension(OID.keyUsage, true, bitString(Buffer.from([0x86]), 1)),
    extension(OID.subjectKeyIdentifier, false, octetString(ski)),
  ];
  const certPem = certificate({ issuer: name, subject: name, publicKey, signer: privateKey, extensions, notBefore: now, days: 3650 });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem };
}

/** A server certificate (EC P-256) for `names`, signed by `ca`, valid for a year. */
export function issueServerCertificate(ca: KeyAndCertificate, names: ServerNames, now: Date): KeyAndCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caKey = createPrivateKey(ca.keyPem);
  const alternativeNames = [
    ...names.dns.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...names.ips.filter((ip) => isIP(ip) !== 0).map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  const extensions = [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
    extension(OID.subjectAltName, false, sequence(...alternativeNames)),
    extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(createPublicKey(caKey))))),
  ];
  const certPem = certificate({
    issuer: distinguishedName('Kubelab local CA'),
    subject: distinguishedName(names.dns[0] ?? 'localhost'),
    publicKey,
    signer: caKey,
    extensions,
    // A little in the past: a client whose clock is a few seconds behind still accepts it.
    notBefore: new Date(now.getTime() - 60_000),
    days: 365,
  });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem };
}

interface CertificateParts {
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly publicKey: KeyObject;
  readonly signer: KeyObject;
  readonly extensions: readonly Buffer[];
  readonly notBefore: Date;
  readonly days: number;
}

function certificate(parts: CertificateParts): string {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f; // positive
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    algorithm,
    parts.issuer,
    sequence(time(parts.notBefore), time(new Date(parts.notBefore.getTime() + parts.days * DAY_MS))),
    parts.subject,
    parts.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(...parts.extensions)),
  );
  const signature = sign('sha256', tbs, parts.signer);
  const der = sequence(tbs, algorithm, bitString(signature, 0));
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

function distinguishedName(commonName: string): Buffer {
  const attribute = (type: string, value: string) => set(sequence(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))));
  return sequence(attribute(OID.organization, 'Kubelab'), attribute(OID.commonName, commonName));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** The SHA-1 of the public key's bits, as RFC 5280 suggests for key identifiers. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The key's BIT STRING is the SubjectPublicKeyInfo's last element; P-256 keys are 65 bytes.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const groups = (text: string) => (text ? text.split(':') : []);
  const fill = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(ip.includes('::') ? fill : 0).fill('0'), ...groups(tail)];
  return Buffer.concat(all.map((g) => Buffer.from([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff])));
}

// DER: tag, length, content.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const octetString = (value: Buffer) => tlv(0x04, value);
const bitString = (value: Buffer, unusedBits: number) => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));

function integer(value: Buffer): Buffer {
  let bytes = value;
  while (bytes.length > 1 && bytes[0] === 0 && ((bytes[1] as number) & 0x80) === 0) bytes = bytes.subarray(1);
  return tlv(0x02, ((bytes[0] as number) & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

/** What the local server needs for https, and the CA certificate kubeconfigs carry. */
export interface LocalTls {
  readonly keyPem: string;
  readonly certPem: string;
  readonly caPem: string;
}

/**
 * The local CA from `dir` (created there, key readable by the owner only, on first use) and a
 * fresh server certificate it signs for `names`.
 */
export async function localTls(dir: string, names: ServerNames, now: Date): Promise<LocalTls> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyFile = join(dir, 'ca.key');
  const certFile = join(dir, 'ca.crt');
  let ca: KeyAndCertificate;
  try {
    ca = { keyPem: await readFile(keyFile, 'utf8'), certPem: await readFile(certFile, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    ca = createCertificateAuthority(now);
    await writeFile(keyFile, ca.keyPem, { mode: 0o600 });
    await writeFile(certFile, ca.certPem, { mode: 0o644 });
  }
  const server = issueServerCertificate(ca, names, now);
  return { keyPem: server.keyPem, certPem: server.certPem, caPem: ca.certPem };
}

/** The names this machine answers to on `host`: loopback always, and every address when it listens on all. */
export function serverNames(host: string): ServerNames {
  const dns = ['localhost', hostname()];
  const ips = ['127.0.0.1', '::1'];
  if (host === '0.0.0.0' || host === '::') {
    for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) ips.push(a.address.split('%')[0] ?? a.address);
  } else if (isIP(host) !== 0) {
    ips.push(host);
  } else {
    dns.push(host);
  }
  return { dns: [...new Set(dns)], ips: [...new Set(ips)] };
}
