// A minimal protobuf wire-format reader: just what OTLP trace requests use (varint, fixed64, fixed32, bytes).
// Hand-written because otlp-transformer only decodes *responses*; its reader is internal.
import { OtlpDecodeError } from "./decode.js";

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder("utf-8", { fatal: true });

export class ProtobufReader {
  private pos: number;
  private readonly view: DataView;

  /** Reads buf[start, end): a sub-message is a reader over its slice, so nothing is copied. */
  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new OtlpDecodeError(`protobuf: field number 0 at byte ${this.pos}`);
    return { field, wire: t % 8 };
  }

  /** A varint as a JS number: exact for lengths, counts and enums (anything below 2^53). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new OtlpDecodeError("protobuf: varint longer than 10 bytes");
  }

  /** A varint as a signed 64-bit integer (int64 is two's complement, negative values take 10 bytes). */
  int64(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return BigInt.asIntN(64, result);
    }
    throw new OtlpDecodeError("protobuf: varint longer than 10 bytes");
  }

  fixed64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field: the reader over it, and the reader moves past it. */
  sub(): ProtobufReader {
    const len = this.varint();
    this.need(len);
    const r = new ProtobufReader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }

  bytes(): Uint8Array {
    const len = this.varint();
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** proto3 strings must be valid UTF-8; an invalid one is a malformed request, not a string to repair. */
  string(): string {
    try {
      return utf8.decode(this.bytes());
    } catch (e) {
      if (e instanceof OtlpDecodeError) throw e;
      throw new OtlpDecodeError("protobuf: a string field is not valid UTF-8");
    }
  }

  /** Skips a field this decoder does not use (unknown fields are legal in protobuf). */
  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.advance(8);
    else if (wire === WIRE_LEN) this.advance(this.varint());
    else if (wire === WIRE_FIXED32) this.advance(4);
    else throw new OtlpDecodeError(`protobuf: unsupported wire type ${wire}`);
  }

  private advance(n: number): void {
    this.need(n);
    this.pos += n;
  }

  private byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new OtlpDecodeError(`protobuf: truncated message (needs ${n} bytes at ${this.pos}, ends at ${this.end})`);
  }
}
