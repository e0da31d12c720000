/**
 * Resource quantities ("500m", "0.5", "128Mi", "1G", "1e3") parsed and printed as
 * apimachinery's resource.Quantity does. Values are kept exactly, as nano-units in a bigint
 * (the API server rounds every quantity up to 1n), so "0.1" + "0.2" is exactly "300m" and the
 * canonical text matches what `kubectl get -o yaml` shows: "0.5" becomes "500m", "1024Mi"
 * becomes "1Gi", "1000" becomes "1k", while an already canonical spelling is kept as written.
 */

/** How a quantity prints: SI suffixes (k, M, m), binary suffixes (Ki, Mi) or an exponent (1e3). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: its exact value in nano base units, its format and the text the API server stores. */
export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
  readonly text: string;
}

/** The outcome of parsing: the value in base units (cores, bytes; may be fractional), or why not. */
export type QuantityResult = { readonly ok: true; readonly value: number; readonly quantity: Quantity } | { readonly ok: false; readonly message: string };

/** The decoder's message for text that is not a quantity at all. */
export const QUANTITY_FORMAT_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** The decoder's message for a well-formed number with an unknown suffix ("1Gb" is a format error, "1mi" this one). */
export const QUANTITY_SUFFIX_MESSAGE = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));
const SUFFIX_CHARS = 'eEinumkKMGTP';

interface Split {
  readonly positive: boolean;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

// parseQuantityString's scan: sign, integer digits (leading zeros dropped), fraction, suffix.
function split(text: string): Split | undefined {
  let pos = 0;
  let positive = true;
  if (text[0] === '-' || text[0] === '+') {
    positive = text[0] === '+';
    pos++;
  }
  while (text[pos] === '0') pos++;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const numStart = pos;
  while (isDigit(text[pos])) pos++;
  const num = text.slice(numStart, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    const start = ++pos;
    while (isDigit(text[pos])) pos++;
    denom = text.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos] as string)) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  return pos < text.length ? undefined : { positive, num, denom, suffix: text.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) <= 2 ** 31 - 1) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

// ParseQuantity keeps the caller's spelling only on its int64 fast path, and only when canonical.
function keepsSpelling(s: Split, base: 2 | 10, exponent: number, format: QuantityFormat): boolean {
  const digits = s.num + s.denom;
  const precision = format === 'BinarySI' ? (exponent >= 0 && s.denom === '' ? 15 - s.num.length - Math.trunc((exponent * 3) / 10) - 1 : -1) : 18 - digits.length;
  const scale = -s.denom.length + (base === 10 ? exponent : 0);
  if (precision < 0 || scale < -9) return false;
  const magnitude = BigInt(digits);
  if (magnitude * (base === 2 ? 1n << BigInt(exponent) : 1n) > MAX_INT64) return false;
  if (format === 'BinarySI') return exponent % 10 === 0 && (magnitude & 7n) !== 0n;
  return scale % 3 === 0 && !digits.endsWith('000') && !digits.startsWith('0');
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(Math.min(exponent, 4096));
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** Parses a quantity as the API server decodes it; a JSON number is read from its text. */
export function parseQuantity(input: string | number): QuantityResult {
  const text = typeof input === 'number' ? String(input) : String(input ?? '').trim();
  if (text === '') return { ok: false, message: QUANTITY_FORMAT_MESSAGE };
  if (text === '0') return { ok: true, value: 0, quantity: { nanos: 0n, format: 'DecimalSI', text: '0' } };
  const parts = split(text);
  if (!parts) return { ok: false, message: QUANTITY_FORMAT_MESSAGE };
  const suffix = interpretSuffix(parts.suffix);
  if (!suffix) return { ok: false, message: QUANTITY_SUFFIX_MESSAGE };
  const { base, exponent } = suffix;
  let format = suffix.format;
  const numerator = BigInt(parts.num + parts.denom) * (base === 2 ? 1n << BigInt(exponent) : 1n);
  const scale = 9 - parts.denom.length + (base === 10 ? exponent : 0);
  let nanos: bigint;
  if (scale >= 0) nanos = numerator * pow10(scale);
  else if (numerator === 0n) nanos = 0n;
  else if (-scale > String(numerator).length + 1) nanos = 1n; // below one nano: rounded up to 1n
  else nanos = (numerator + pow10(-scale) - 1n) / pow10(-scale);
  if (format === 'BinarySI' && nanos > MAX_INT64 * NANO) nanos = MAX_INT64 * NANO;
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
  if (!parts.positive) nanos = -nanos;
  const kept = keepsSpelling(parts, base, exponent, suffix.format);
  const quantity: Quantity = { nanos, format, text: kept ? text : canonicalText(nanos, format) };
  return { ok: true, value: Number(nanos) / 1e9, quantity };
}

/** The canonical text of a value, as Quantity.String() prints one it did not keep verbatim. */
export function canonicalText(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return '0';
  let shown = format;
  if (shown === 'BinarySI' && (abs(nanos) < 1024n * NANO || nanos % NANO !== 0n)) shown = 'DecimalSI';
  if (shown === 'BinarySI') {
    let amount = nanos / NANO;
    let times = 0;
    while (abs(amount) >= 1024n && amount % 1024n === 0n) {
      amount /= 1024n;
      times++;
    }
    return `${amount}${BINARY_BY_EXPONENT.get(times * 10) ?? ''}`;
  }
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (((exponent % 3) + 3) % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (shown === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}

/** A resource list value after defaulting: rounded up to a whole milli (1m), as SetDefaults_ResourceList does. */
export function roundUpToMilli(quantity: Quantity): Quantity {
  const rest = quantity.nanos % 1_000_000n;
  if (rest === 0n) return quantity;
  const nanos = quantity.nanos - rest + (quantity.nanos > 0n ? 1_000_000n : -1_000_000n);
  return { nanos, format: quantity.format, text: canonicalText(nanos, quantity.format) };
}

/** A stored quantity (a string, or a number a client sent) parsed, or undefined when it is not one. */
export function quantityOf(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseQuantity(value);
  return parsed.ok ? parsed.quantity : undefined;
}

type QuantityInput = string | number | Quantity;

function toQuantity(input: QuantityInput): Quantity | undefined {
  if (typeof input === 'object') return input;
  const parsed = parseQuantity(input);
  return parsed.ok ? parsed.quantity : undefined;
}

function ceilDiv(nanos: bigint, unit: bigint): number {
  const whole = nanos / unit;
  return Number(nanos % unit === 0n ? whole : nanos > 0n ? whole + 1n : whole - 1n);
}

/** Milli-units (millicores for cpu), rounded up as MilliValue does; text that admission would refuse counts as 0. */
export function milli(input: QuantityInput): number {
  const quantity = toQuantity(input);
  return quantity ? ceilDiv(quantity.nanos, 1_000_000n) : 0;
}

/** Whole base units (bytes for memory), rounded up as Value does; text that admission would refuse counts as 0. */
export function bytes(input: QuantityInput): number {
  const quantity = toQuantity(input);
  return quantity ? ceilDiv(quantity.nanos, NANO) : 0;
}

/** -1, 0 or 1 as `a` is less than, equal to or more than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** The sum of quantities, printed in the first non-zero one's format as Quantity.Add keeps it. */
export function sumQuantities(inputs: readonly QuantityInput[]): Quantity {
  let nanos = 0n;
  let format: QuantityFormat = 'DecimalSI';
  for (const input of inputs) {
    const quantity = toQuantity(input);
    if (!quantity) continue;
    if (nanos === 0n) format = quantity.format;
    nanos += quantity.nanos;
  }
  return { nanos, format, text: canonicalText(nanos, format) };
}

/** CPU in millicores as kubectl prints it: 250 -> "250m", 1000 -> "1", 1500 -> "1500m". */
export function cpuMilliString(millicores: number): string {
  return canonicalText(BigInt(Math.round(millicores)) * 1_000_000n, 'DecimalSI');
}

/** Memory in bytes as kubectl prints it: 134217728 -> "128Mi"; pass 'DecimalSI' for values written as "128M". */
export function memoryString(byteCount: number, format: QuantityFormat = 'BinarySI'): string {
  return canonicalText(BigInt(Math.round(byteCount)) * NANO, format);
}
