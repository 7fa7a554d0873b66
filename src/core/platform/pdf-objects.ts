/**
 * Just enough of PDF (ISO 32000) to read an exported document back: a lexer for objects and content streams,
 * indirect objects found by their `N G obj` headers (also inside object streams), and FlateDecode streams. It reads
 * what a PDF says; it never renders. Pure: inflating is a function the caller gives (the adapter loads it lazily).
 */

/** Raw deflate (RFC 1951) decompression: the zlib header and trailer are handled here. */
export type InflateRaw = (deflate: Uint8Array) => Uint8Array;

export interface PdfName {
  t: 'name';
  v: string;
}
export interface PdfRef {
  t: 'ref';
  num: number;
  gen: number;
}
export interface PdfDict {
  t: 'dict';
  v: Record<string, PdfValue>;
}
export interface PdfString {
  t: 'str';
  v: string;
}
/** A content-stream operator (or any bare keyword). */
export interface PdfOp {
  t: 'op';
  v: string;
}
export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfDict | PdfString | PdfOp | PdfValue[];

export interface PdfStream {
  dict: PdfDict;
  /** The stream's bytes as stored (still encoded). */
  raw: Uint8Array;
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export function isName(v: PdfValue | undefined, name?: string): v is PdfName {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.t === 'name' && (name === undefined || v.v === name);
}
export function isDict(v: PdfValue | undefined): v is PdfDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.t === 'dict';
}
export function isRef(v: PdfValue | undefined): v is PdfRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.t === 'ref';
}

/** Reads PDF tokens and values from bytes, from a position. */
export class PdfLexer {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.bytes.length;
  }

  private regular(): string {
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < b.length && !WS.has(b[this.pos]) && !DELIM.has(b[this.pos])) this.pos++;
    return latin1(b, start, this.pos);
  }

  private name(): PdfName {
    this.pos++; // '/'
    const raw = this.regular();
    return { t: 'name', v: raw.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) };
  }

  private literalString(): PdfString {
    const b = this.bytes;
    this.pos++; // '('
    let depth = 1;
    let out = '';
    while (this.pos < b.length) {
      const c = b[this.pos++];
      if (c === 0x5c) {
        const n = b[this.pos++];
        const simple: Record<number, string> = { 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x62: '\b', 0x66: '\f' };
        if (n in simple) out += simple[n];
        else if (n >= 0x30 && n <= 0x37) {
          let oct = String.fromCharCode(n);
          while (oct.length < 3 && b[this.pos] >= 0x30 && b[this.pos] <= 0x37) oct += String.fromCharCode(b[this.pos++]);
          out += String.fromCharCode(parseInt(oct, 8) & 0xff);
        } else if (n === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (n !== 0x0a) out += String.fromCharCode(n);
      } else if (c === 0x28) {
        depth++;
        out += '(';
      } else if (c === 0x29) {
        if (--depth === 0) break;
        out += ')';
      } else out += String.fromCharCode(c);
    }
    return { t: 'str', v: out };
  }

  private hexString(): PdfString {
    const b = this.bytes;
    this.pos++; // '<'
    let hex = '';
    while (this.pos < b.length && b[this.pos] !== 0x3e) {
      const c = b[this.pos++];
      if (!WS.has(c)) hex += String.fromCharCode(c);
    }
    this.pos++; // '>'
    if (hex.length % 2) hex += '0';
    let out = '';
    for (let i = 0; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
    return { t: 'str', v: out };
  }

  /**
   * The next value; `N G R` becomes a reference. Returns undefined at the end of the bytes or at a closing `]`/`>>`
   * (which it leaves in place).
   */
  value(): PdfValue | undefined {
    this.skipSpace();
    const b = this.bytes;
    if (this.pos >= b.length) return undefined;
    const c = b[this.pos];
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) {
        this.pos += 2;
        const v: Record<string, PdfValue> = {};
        for (;;) {
          this.skipSpace();
          if (this.pos >= b.length) break;
          if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
            this.pos += 2;
            break;
          }
          const key = this.value();
          if (!isName(key)) throw new Error('PDF: dictionary key is not a name');
          const val = this.value();
          if (val === undefined) throw new Error('PDF: dictionary without a value');
          v[key.v] = val;
        }
        return { t: 'dict', v };
      }
      return this.hexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= b.length) break;
        if (b[this.pos] === 0x5d) {
          this.pos++;
          break;
        }
        const v = this.value();
        if (v === undefined) break;
        arr.push(v);
      }
      return arr;
    }
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) {
      // Stray delimiters are skipped rather than looped on.
      this.pos++;
      return { t: 'op', v: String.fromCharCode(c) };
    }
    const word = this.regular();
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      const n = Number(word);
      // "N G R": look ahead for a generation number and R.
      if (/^\d+$/.test(word)) {
        const save = this.pos;
        this.skipSpace();
        const gen = this.regular();
        if (/^\d+$/.test(gen)) {
          this.skipSpace();
          if (b[this.pos] === 0x52 && (this.pos + 1 >= b.length || WS.has(b[this.pos + 1]) || DELIM.has(b[this.pos + 1]))) {
            this.pos++;
            return { t: 'ref', num: n, gen: Number(gen) };
          }
        }
        this.pos = save;
      }
      return n;
    }
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return { t: 'op', v: word };
  }
}

export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end; i += 4096) s += String.fromCharCode(...b.subarray(i, Math.min(end, i + 4096)));
  return s;
}

/** FlateDecode: a zlib stream (RFC 1950) whose deflate data `inflateRaw` decompresses. */
export function flateDecode(data: Uint8Array, inflateRaw: InflateRaw): Uint8Array {
  if (data.length < 2) throw new Error('PDF: empty FlateDecode stream');
  const cmf = data[0];
  const flg = data[1];
  const zlibHeader = (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
  if (!zlibHeader) return inflateRaw(data);
  if (flg & 0x20) throw new Error('PDF: FlateDecode with a preset dictionary');
  return inflateRaw(data.subarray(2));
}

/** Every indirect object of a PDF, resolved on demand. */
export class PdfDocument {
  private readonly offsets = new Map<number, number>();
  private readonly parsed = new Map<number, { value: PdfValue; stream?: PdfStream }>();
  /** Objects stored inside object streams: number → [stream object number, index]. */
  private readonly inStreams = new Map<number, [number, number]>();
  private objectStreamsRead = false;

  constructor(
    readonly bytes: Uint8Array,
    private readonly inflateRaw: InflateRaw,
  ) {
    if (latin1(bytes, 0, Math.min(bytes.length, 1024)).indexOf('%PDF-') < 0) throw new Error('PDF: no %PDF- header');
    const text = latin1(bytes);
    // Object headers start a line (or follow white space); a later definition (incremental update) wins.
    const re = /(^|[\s])(\d+)[ \t\r\n]+(\d+)[ \t\r\n]+obj\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) this.offsets.set(Number(m[2]), m.index + m[0].length);
  }

  objectNumbers(): number[] {
    this.readObjectStreams();
    return [...new Set([...this.offsets.keys(), ...this.inStreams.keys()])].sort((a, b) => a - b);
  }

  /** The value of object `num` (with its stream, if it has one). */
  object(num: number): { value: PdfValue; stream?: PdfStream } | undefined {
    const done = this.parsed.get(num);
    if (done) return done;
    const at = this.offsets.get(num);
    let out: { value: PdfValue; stream?: PdfStream } | undefined;
    if (at !== undefined) out = this.parseAt(at);
    else {
      this.readObjectStreams();
      const where = this.inStreams.get(num);
      if (where) out = this.fromObjectStream(where[0], where[1]);
    }
    if (out) this.parsed.set(num, out);
    return out;
  }

  /** Follows references (a few hops at most). */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    for (let hops = 0; hops < 16 && isRef(v); hops++) v = this.object(v.num)?.value;
    return v;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    return isDict(r) ? r : undefined;
  }

  /** The stream an object reference points at. */
  stream(v: PdfValue | undefined): PdfStream | undefined {
    return isRef(v) ? this.object(v.num)?.stream : undefined;
  }

  /** A stream's bytes with its filters undone (FlateDecode only; anything else throws). */
  decode(s: PdfStream): Uint8Array {
    const f = this.resolve(s.dict.v.Filter);
    const filters = f === undefined || f === null ? [] : Array.isArray(f) ? f : [f];
    let data = s.raw;
    for (const one of filters) {
      const name = this.resolve(one);
      if (isName(name, 'FlateDecode')) data = flateDecode(data, this.inflateRaw);
      else throw new Error(`PDF: unsupported stream filter ${isName(name) ? name.v : '?'}`);
    }
    return data;
  }

  private parseAt(offset: number): { value: PdfValue; stream?: PdfStream } {
    const lex = new PdfLexer(this.bytes, offset);
    const value = lex.value();
    if (value === undefined) throw new Error('PDF: empty object');
    const save = lex.pos;
    const next = lex.value();
    if (isDict(value) && typeof next === 'object' && next !== null && !Array.isArray(next) && next.t === 'op' && next.v === 'stream') {
      let start = lex.pos;
      if (this.bytes[start] === 0x0d) start++;
      if (this.bytes[start] === 0x0a) start++;
      const declared = this.resolve(value.v.Length);
      let end = typeof declared === 'number' ? start + declared : -1;
      const endText = (at: number) => latin1(this.bytes, at, Math.min(this.bytes.length, at + 30));
      if (end < start || end > this.bytes.length || !/^\s*endstream/.test(endText(end))) {
        // A wrong or unreadable /Length: the data ends at the next "endstream".
        const text = latin1(this.bytes, start, Math.min(this.bytes.length, start + 64 * 1024 * 1024));
        const i = text.indexOf('endstream');
        if (i < 0) throw new Error('PDF: stream without endstream');
        end = start + i;
        while (end > start && (this.bytes[end - 1] === 0x0a || this.bytes[end - 1] === 0x0d)) end--;
      }
      return { value, stream: { dict: value, raw: this.bytes.subarray(start, end) } };
    }
    lex.pos = save;
    return { value };
  }

  private readObjectStreams(): void {
    if (this.objectStreamsRead) return;
    this.objectStreamsRead = true;
    for (const num of [...this.offsets.keys()]) {
      let o: { value: PdfValue; stream?: PdfStream } | undefined;
      try {
        o = this.object(num);
      } catch {
        continue;
      }
      if (!o?.stream || !isName(o.stream.dict.v.Type, 'ObjStm')) continue;
      const n = this.resolve(o.stream.dict.v.N);
      if (typeof n !== 'number') continue;
      const lex = new PdfLexer(this.decode(o.stream));
      for (let i = 0; i < n; i++) {
        const objNum = lex.value();
        lex.value(); // offset, read again when the object is asked for
        if (typeof objNum === 'number' && !this.offsets.has(objNum)) this.inStreams.set(objNum, [num, i]);
      }
    }
  }

  private fromObjectStream(streamNum: number, index: number): { value: PdfValue } | undefined {
    const s = this.object(streamNum)?.stream;
    if (!s) return undefined;
    const first = this.resolve(s.dict.v.First);
    if (typeof first !== 'number') return undefined;
    const data = this.decode(s);
    const lex = new PdfLexer(data);
    let offset = -1;
    for (let i = 0; i <= index; i++) {
      lex.value();
      const off = lex.value();
      if (i === index && typeof off === 'number') offset = off;
    }
    if (offset < 0) return undefined;
    const value = new PdfLexer(data, first + offset).value();
    return value === undefined ? undefined : { value };
  }
}
