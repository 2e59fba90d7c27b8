/**
 * Seeded pseudo-random numbers: the same seed gives the same sequence on every
 * machine and Node version (pure 32-bit integer arithmetic, no Math.random).
 * The generator is sfc32, seeded through a string hash so that every resource can
 * draw from its own stream (`Random.for(seed, id)`) and adding one instance to a
 * scenario does not change the defaults of the others.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number | string) {
    const h = cyrb128(String(seed));
    this.#a = h[0];
    this.#b = h[1];
    this.#c = h[2];
    this.#d = h[3];
    for (let i = 0; i < 12; i++) this.next();
  }

  static for(seed: number | string, ...parts: string[]): Random {
    return new Random(`${seed}:${parts.join(':')}`);
  }

  /** Where the stream stands: saved with the mock's state, so that it goes on where it was. */
  get state(): [number, number, number, number] {
    return [this.#a, this.#b, this.#c, this.#d];
  }

  set state(s: readonly [number, number, number, number]) {
    [this.#a, this.#b, this.#c, this.#d] = s;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  uint32(): number {
    let a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.#a = a; this.#b = b; this.#c = c; this.#d = d;
    return t >>> 0;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += hex8(this.uint32());
    return out.length === length ? out : out.slice(0, length);
  }

  /** A version-4-shaped UUID, lowercase (the same characters as from `hex(32)`, with the version and variant set). */
  uuid(): string {
    const a = hex8(this.uint32()), b = hex8(this.uint32()), c = hex8(this.uint32()), d = hex8(this.uint32());
    const variant = HEX[(parseInt(c[0], 16) & 0x3) | 0x8];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }
}

const HEX = '0123456789abcdef';
/** Two hex characters for every byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);
/** An unsigned 32-bit integer as 8 lowercase hex characters. */
const hex8 = (n: number): string => BYTE_HEX[n >>> 24] + BYTE_HEX[(n >>> 16) & 255] + BYTE_HEX[(n >>> 8) & 255] + BYTE_HEX[n & 255];

/** 128-bit string hash (cyrb128), used only to seed the generator. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
