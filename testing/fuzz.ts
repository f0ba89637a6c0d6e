import fc from 'fast-check';

/**
 * What the fuzz tests (issue 13, "Trust") throw at everything the server and the customer's page accept: hostile
 * JSON-like values, and valid payloads broken one place at a time. Shared so the socket and data channel fuzzers
 * aim the same kinds of junk.
 */

/**
 * The run's seed: FUZZ_SEED to replay a failure, otherwise a fresh one each run (more ground covered over many CI
 * runs). Every fuzz test prints it, and fast-check repeats it in a failure's report.
 */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${fromEnv}`);
    return seed;
  }
  return Math.floor(Math.random() * 0x7fff_ffff);
}

/** Keys that reach prototypes when a parser or a merge is careless. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/** An object whose own key is `key`, even `__proto__` (an object literal would set the prototype instead). */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** Numbers at the edges: JSON turns NaN and the infinities into null, the wire keeps the rest. */
const edgeNumber = fc.constantFrom(0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -(2 ** 53), 2 ** 32, 2 ** 31 - 1, NaN, Infinity, -Infinity);

/** Strings that break naive code: empty, control and surrogate characters, markup, prototype names, path tricks. */
const edgeString = fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff\ud800', '\u202e', '<script>alert(1)</script>', '../../etc/passwd', '__proto__', 'constructor', '%00', '{}', '[]', 'null', '\r\n', 'é'.repeat(300));

/** Longer than any limit in the protocol (the largest, an SDP, is 200,000), kept under the socket's 512 KiB frame. */
export const hugeString = fc.constantFrom(4001, 20_001, 100_001, 200_001).map((n) => 'x'.repeat(n));

/** Any JSON-like value, with the edges weighted in: scalars, deep nests, wide objects, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.oneof(fc.constant(null), fc.boolean(), edgeNumber, fc.double(), fc.integer(), edgeString, fc.string({ unit: 'binary', maxLength: 40 })), weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 6 }), weight: 2 },
    { arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS, 'sessionId', 'type', 'id')), tie('value'), { maxKeys: 6 }), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), tie('value')).map(([key, value]) => withOwnKey({}, key, value)), weight: 1 },
  ),
})).value;

/** A deep nest, past what a recursive walk of the payload should be trusted with. */
export const deepNest = fc.integer({ min: 50, max: 2000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});

/** Anything a hostile peer may send as a whole message or payload. */
export const anyPayload: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileValue, weight: 8 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 4 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepNest, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

type Path = (string | number)[];

/** Every place in a JSON-like value, the value itself included (the empty path). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

/** `value` with the thing at `path` replaced by `change(old)` (undefined from change: the key is dropped). */
function rewrite(value: unknown, path: Path, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? rewrite(item, rest, change) : item));
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    // defineProperty, not assignment: a `__proto__` key stays an own key instead of setting the prototype.
    const next = key !== head ? source[key] : rewrite(source[key], rest, change);
    if (next !== undefined || key !== head) Object.defineProperty(copy, key, { value: next, enumerable: true, configurable: true, writable: true });
  }
  return copy;
}

type Mutation = (old: unknown) => unknown;

/** One way of breaking one place of a valid value. */
const mutation: fc.Arbitrary<{ name: string; apply: Mutation }> = fc.oneof(
  fc.constant({ name: 'drop', apply: () => undefined }),
  hostileValue.map((other) => ({ name: 'replace', apply: () => other })),
  edgeNumber.map((n) => ({ name: 'number', apply: () => n })),
  edgeString.map((s) => ({ name: 'string', apply: () => s })),
  hugeString.map((s) => ({ name: 'oversize', apply: () => s })),
  fc.constant({ name: 'wrap-in-array', apply: (old: unknown) => [old] }),
  fc.constant({ name: 'stringify', apply: (old: unknown) => JSON.stringify(old) ?? 'undefined' }),
  fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })), hostileValue).map(([key, extra]) => ({
    name: `extra-key:${key}`,
    apply: (old: unknown) => (old !== null && typeof old === 'object' && !Array.isArray(old) ? withOwnKey(old as Record<string, unknown>, key, extra) : old),
  })),
);

/** `valid` broken in one to three places, each a random place in it. */
export function mutationsOf(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const step = fc.tuple(fc.nat({ max: paths.length - 1 }), mutation);
  return fc.array(step, { minLength: 1, maxLength: 3 }).map((steps) => {
    let value = valid;
    for (const [index, { apply }] of steps) {
      // A place may be gone after an earlier step dropped its parent: then the step breaks the whole value.
      const path = pathsOf(value).some((p) => p.join('\u0000') === paths[index].join('\u0000')) ? paths[index] : [];
      value = rewrite(value, path, apply);
    }
    return value;
  });
}

/** Short, for a failure's message: the start of a payload as JSON. */
export function preview(value: unknown, max = 300): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
