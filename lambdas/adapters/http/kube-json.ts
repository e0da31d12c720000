/**
 * Request bodies as the API server reads them: JSON (with Go's encoding/json error messages, which
 * are what a real server puts in its 400 for a malformed body), YAML, or Kubernetes protobuf.
 */
import { decodeKubeProtobuf, ProtobufDecodeError } from './kube-protobuf.ts';
import { mediaTypeOf } from './kube-request.ts';
import { loadYaml } from './yaml.ts';

/** A body that could not be decoded; `message` is what the API server says about it. */
export class BodyDecodeError extends Error {
  override readonly name = 'BodyDecodeError';
}

/** Decodes a body by its Content-Type: JSON, YAML (and apply patches), or protobuf. */
export async function decodeBody(body: Buffer, contentType: string | undefined): Promise<unknown> {
  const type = mediaTypeOf(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return await decodeKubeProtobuf(body);
    } catch (error) {
      if (error instanceof ProtobufDecodeError) throw new BodyDecodeError(error.message, { cause: error });
      throw error;
    }
  }
  const text = body.toString('utf8');
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    let value: unknown;
    try {
      value = (await loadYaml()).parse(text);
    } catch (error) {
      // The YAML parser recurses: a flow collection thousands deep runs it out of stack, which it reports so.
      if ((error as Error).message.startsWith('Maximum call stack size exceeded')) throw new BodyDecodeError(YAML_TOO_DEEP, { cause: error });
      throw new BodyDecodeError(`error converting YAML to JSON: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
    if (depthOf(value) > MAX_DEPTH) throw new BodyDecodeError(YAML_TOO_DEEP);
    return value;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BodyDecodeError(goJsonError(text), { cause: error });
  }
  if (depthOf(value) > MAX_DEPTH) throw new BodyDecodeError(TOO_DEEP);
  return value;
}

/**
 * The deepest nesting of objects and arrays a body may have. Go's decoders stop at 10000 levels
 * ("exceeded max depth"); the patch and merge code here recurses and runs out of stack between
 * 1500 and 2500 levels (a 500), so bodies stop at 1000, far beyond any manifest (a Deployment's
 * deepest field is about 15 levels down).
 */
export const MAX_DEPTH = 1000;
const TOO_DEEP = `exceeded max depth of ${MAX_DEPTH}`;
const YAML_TOO_DEEP = `error converting YAML to JSON: yaml: ${TOO_DEEP}`;

/** How deep objects and arrays nest in a parsed value (a scalar is 0), counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [here, depth] = stack.pop() as [unknown, number];
    if (here === null || typeof here !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(here)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The error Go's encoding/json reports for the first syntax error in `text` ("invalid character
 * 'x' looking for beginning of value", "unexpected end of JSON input"). Called only on text that
 * JSON.parse refused.
 */
export function goJsonError(text: string): string {
  const scan = new Scanner(text);
  try {
    scan.space();
    scan.value();
    scan.space();
    if (!scan.end) throw scan.invalid('after top-level value');
  } catch (error) {
    if (error instanceof SyntaxFault) return error.message;
    throw error;
  }
  return 'invalid JSON';
}

class SyntaxFault extends Error {}

class Scanner {
  private at = 0;
  /** Open objects and arrays: the scan stops past MAX_DEPTH, as Go's does past its own bound. */
  private depth = 0;
  constructor(private readonly text: string) {}

  get end(): boolean {
    return this.at >= this.text.length;
  }

  private peek(): string {
    if (this.end) throw new SyntaxFault('unexpected end of JSON input');
    return this.text[this.at] as string;
  }

  invalid(context: string): SyntaxFault {
    return new SyntaxFault(`invalid character ${quoteChar(this.peek())} ${context}`);
  }

  space(): void {
    while (!this.end && ' \t\r\n'.includes(this.text[this.at] as string)) this.at++;
  }

  value(): void {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (c !== literal[0]) continue;
      this.at++;
      for (const expected of literal.slice(1)) {
        if (this.peek() !== expected) throw this.invalid(`in literal ${literal} (expecting ${quoteChar(expected)})`);
        this.at++;
      }
      return;
    }
    throw this.invalid('looking for beginning of value');
  }

  private object(): void {
    this.sequence('}', 'after object key:value pair', () => {
      if (this.peek() !== '"') throw this.invalid('looking for beginning of object key string');
      this.string();
      this.space();
      if (this.peek() !== ':') throw this.invalid('after object key');
      this.at++;
      this.space();
      this.value();
    });
  }

  private array(): void {
    this.sequence(']', 'after array element', () => this.value());
  }

  /** An object's or an array's elements, separated by commas, up to `close`; `after` words a bad separator. */
  private sequence(close: string, after: string, element: () => void): void {
    if (++this.depth > MAX_DEPTH) throw new SyntaxFault(TOO_DEEP);
    this.at++;
    this.space();
    if (this.peek() === close) return void this.close();
    for (;;) {
      element();
      this.space();
      if (this.peek() === close) return void this.close();
      if (this.peek() !== ',') throw this.invalid(after);
      this.at++;
      this.space();
    }
  }

  private close(): void {
    this.at++;
    this.depth--;
  }

  private string(): void {
    this.at++;
    for (;;) {
      const c = this.peek();
      if (c === '"') return void this.at++;
      if (c < ' ') throw this.invalid('in string literal');
      if (c === '\\') {
        this.at++;
        const e = this.peek();
        if (e === 'u') {
          for (let i = 0; i < 4; i++) {
            this.at++;
            if (!/[0-9a-fA-F]/.test(this.peek())) throw this.invalid('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(e)) {
          throw this.invalid('in string escape code');
        }
      }
      this.at++;
    }
  }

  private number(): void {
    if (this.peek() === '-') this.at++;
    if (this.peek() === '0') this.at++;
    else if (this.peek() >= '1' && this.peek() <= '9') this.digits();
    else throw this.invalid('in numeric literal');
    if (!this.end && this.peek() === '.') {
      this.at++;
      if (!(this.peek() >= '0' && this.peek() <= '9')) throw this.invalid('after decimal point in numeric literal');
      this.digits();
    }
    if (!this.end && (this.peek() === 'e' || this.peek() === 'E')) {
      this.at++;
      if (this.peek() === '+' || this.peek() === '-') this.at++;
      if (!(this.peek() >= '0' && this.peek() <= '9')) throw this.invalid('in exponent of numeric literal');
      this.digits();
    }
  }

  private digits(): void {
    while (!this.end && this.peek() >= '0' && this.peek() <= '9') this.at++;
  }
}

/** Go's quoteChar: 'x', with '\'' and '"' special-cased and control characters escaped. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}

/** The first bytes of a body, as the API server quotes them in a decode error. */
export function summarizeBody(body: Buffer, max = 30): string {
  if (body.length === 0) return '<empty>';
  if (body[0] === 0x7b) return body.length > max ? `${body.subarray(0, max).toString('utf8')} ...` : body.toString('utf8');
  return body.length > max ? `${body.subarray(0, max).toString('hex')} ...` : body.toString('hex');
}
