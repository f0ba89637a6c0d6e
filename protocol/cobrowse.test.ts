import { describe, expect, it } from 'vitest';
import { NO_MODIFIERS } from './input';
import {
  readCobrowseWire,
  cobrowseMessageKind,
  domInputReportSchema,
  domInputSchema,
  MIRROR_MESSAGE_MAX_CHARS,
  MIRROR_OPEN_MAX,
  MIRROR_PIECE_CHARS,
  MIRROR_WIRE_MAX_BYTES,
  type MirrorEvent,
  mirrorEventsSchema,
  mirrorPieceSchema,
} from './cobrowse';
import { encodeMirrorEvents, MirrorReassembler, MirrorWireError, MirrorWireFault, utf8Length } from './cobrowse-pieces';

const stream = 'rec0abcd1234';
const stamp = { seq: 3, sentAt: 12.5, epoch: 7 };
const text = (chars: number, unit = 'x') => unit.repeat(chars);
/** A full snapshot's worth of events: one event whose text is `chars` long. */
const bigEvents = (chars: number, unit = 'x'): MirrorEvent[] => [
  { type: 4, timestamp: 1, data: { href: 'https://shop.example/', width: 800, height: 600 } },
  { type: 2, timestamp: 2, data: { node: { type: 0, id: 1, childNodes: [], text: text(chars, unit) }, initialOffset: { top: 0, left: 0 } } },
];

function reassemble(wires: string[], receiver = new MirrorReassembler()) {
  const done = wires.map((wire) => receiver.accept(wire)).filter((result) => result !== null && result.type === 'mirror-events');
  return { done, receiver };
}

describe('mirror envelopes', () => {
  it('a small batch travels as one message and comes back as it went', () => {
    const events = bigEvents(100);
    const wires = encodeMirrorEvents(stream, 0, events);
    expect(wires).toHaveLength(1);
    const { done } = reassemble(wires);
    expect(done).toEqual([{ type: 'mirror-events', stream, seq: 0, events }]);
  });

  it('a large snapshot goes in pieces of at most 64 KiB that put back together give the same events', () => {
    const events = bigEvents(300_000);
    const wires = encodeMirrorEvents(stream, 5, events);
    expect(wires.length).toBeGreaterThan(1);
    for (const wire of wires) expect(utf8Length(wire)).toBeLessThanOrEqual(MIRROR_WIRE_MAX_BYTES);
    const { done, receiver } = reassemble(wires);
    expect(done).toHaveLength(1);
    expect(done[0].seq).toBe(5);
    expect(done[0].events).toEqual(events);
    expect(receiver.pending).toEqual({ envelopes: 0, chars: 0 });
  });

  it('pieces stay under 64 KiB whatever the text: quotes, three-byte characters, emoji across piece edges', () => {
    for (const unit of ['"', '\\', '€', '\u2028', '😀', 'é"😀']) {
      const events = bigEvents(40_000, unit);
      const wires = encodeMirrorEvents(stream, 1, events);
      for (const wire of wires) expect(utf8Length(wire), `pieces of ${JSON.stringify(unit)}`).toBeLessThanOrEqual(MIRROR_WIRE_MAX_BYTES);
      for (const wire of wires) {
        const parsed = mirrorPieceSchema.safeParse(JSON.parse(wire));
        // No piece ends in half a surrogate pair: each is valid text on its own.
        if (parsed.success) expect(parsed.data.data).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
      expect(reassemble(wires).done[0].events).toEqual(events);
    }
  });

  it('utf8Length counts as the transport will', () => {
    for (const sample of ['', 'abc', 'é', '€', '😀', 'a😀b€', '\ud83d', '\ude00x']) expect(utf8Length(sample), sample).toBe(new TextEncoder().encode(sample).length);
  });

  it('an envelope over the total is refused before anything is sent', () => {
    expect(() => encodeMirrorEvents(stream, 0, bigEvents(MIRROR_MESSAGE_MAX_CHARS))).toThrow(MirrorWireError);
  });

  it('malformed wire messages are refused: not JSON, unknown type, bad stream, bad events, oversized', () => {
    const bad = [
      'not json',
      '42',
      '{"type":"mirror-eventz","stream":"rec0abcd1234","seq":0,"events":[]}',
      JSON.stringify({ type: 'mirror-events', stream: 'short', seq: 0, events: bigEvents(1) }),
      JSON.stringify({ type: 'mirror-events', stream, seq: -1, events: bigEvents(1) }),
      JSON.stringify({ type: 'mirror-events', stream, seq: 0, events: [] }),
      JSON.stringify({ type: 'mirror-events', stream, seq: 0, events: [{ type: 99, timestamp: 1, data: {} }] }),
      JSON.stringify({ type: 'mirror-events', stream, seq: 0, events: [{ type: 5, timestamp: 1, data: { tag: 'custom' } }] }),
      JSON.stringify({ type: 'mirror-events', stream, seq: 0, events: [{ type: 2, timestamp: 1 }] }),
      JSON.stringify({ type: 'mirror-events', stream, seq: 0, events: [{ type: 2, timestamp: 1, data: 'x' }] }),
      JSON.stringify({ type: 'mirror-piece', stream, seq: 0, index: 2, count: 2, data: 'x' }),
      JSON.stringify({ type: 'mirror-piece', stream, seq: 0, index: 0, count: 1, data: 'x' }),
      JSON.stringify({ type: 'mirror-piece', stream, seq: 0, index: 0, count: 2, data: '' }),
      JSON.stringify({ type: 'mirror-piece', stream, seq: 0, index: 0, count: 2, data: text(MIRROR_PIECE_CHARS + 1) }),
      JSON.stringify({ type: 'mirror-piece', stream, seq: 0, index: 0, count: 100_000, data: 'x' }),
      JSON.stringify({ type: 'mirror-events', stream, seq: 0, events: bigEvents(MIRROR_WIRE_MAX_BYTES) }),
    ];
    for (const wire of bad) expect(() => new MirrorReassembler().accept(wire), wire.slice(0, 80)).toThrow(MirrorWireError);
  });

  it('pieces out of order, without their first, or interleaved past the limit lose what was half received', () => {
    const wires = encodeMirrorEvents(stream, 2, bigEvents(100_000));
    expect(wires.length).toBeGreaterThanOrEqual(3);

    const swapped = new MirrorReassembler();
    swapped.accept(wires[0]);
    expect(() => swapped.accept(wires[2])).toThrow(expect.objectContaining({ code: MirrorWireFault.outOfOrder }));
    expect(swapped.pending).toEqual({ envelopes: 0, chars: 0 });

    expect(() => new MirrorReassembler().accept(wires[1])).toThrow(expect.objectContaining({ code: MirrorWireFault.outOfOrder }));

    const crowded = new MirrorReassembler();
    for (let i = 0; i < MIRROR_OPEN_MAX; i++) crowded.accept(encodeMirrorEvents(stream, 10 + i, bigEvents(100_000))[0]);
    expect(crowded.pending.envelopes).toBe(MIRROR_OPEN_MAX);
    expect(() => crowded.accept(encodeMirrorEvents(stream, 20, bigEvents(100_000))[0])).toThrow(expect.objectContaining({ code: MirrorWireFault.tooManyOpen }));
    expect(crowded.pending).toEqual({ envelopes: 0, chars: 0 });
    // After a fault the receiver takes a fresh envelope as if new.
    expect(reassemble(encodeMirrorEvents(stream, 30, bigEvents(100_000)), crowded).done).toHaveLength(1);
  });

  it('a receiver holds at most 8 MiB across the envelopes it has open, however the pieces claim to continue', () => {
    const receiver = new MirrorReassembler();
    const piece = (seq: number, index: number) => JSON.stringify({ type: 'mirror-piece', stream, seq, index, count: 512, data: text(MIRROR_PIECE_CHARS) });
    for (let index = 0; index < 300; index++) receiver.accept(piece(1, index));
    let thrown: unknown = null;
    let accepted = 0;
    try {
      for (let index = 0; index < 300; index++, accepted++) receiver.accept(piece(2, index));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(expect.objectContaining({ code: MirrorWireFault.tooLarge }));
    expect((300 + accepted) * MIRROR_PIECE_CHARS).toBeLessThanOrEqual(MIRROR_MESSAGE_MAX_CHARS);
    expect(receiver.pending).toEqual({ envelopes: 0, chars: 0 });
  });

  it('an envelope whose pieces put back together name another stream is refused', () => {
    const wires = encodeMirrorEvents(stream, 4, bigEvents(100_000)).map((wire) => {
      const piece = JSON.parse(wire) as { seq: number };
      return JSON.stringify({ ...piece, seq: 5 });
    });
    expect(() => reassemble(wires)).toThrow(expect.objectContaining({ code: MirrorWireFault.malformed }));
  });

  it('the recorder\'s word that it stopped passes through, and drops what was half received', () => {
    const receiver = new MirrorReassembler();
    receiver.accept(encodeMirrorEvents(stream, 1, bigEvents(100_000))[0]);
    expect(receiver.accept(JSON.stringify({ type: 'mirror-unavailable', reason: 'stopped' }))).toEqual({ type: 'mirror-unavailable', reason: 'stopped' });
    expect(receiver.pending.envelopes).toBe(0);
    expect(() => receiver.accept(JSON.stringify({ type: 'mirror-unavailable', reason: 'bored' }))).toThrow(MirrorWireError);
  });

  it('envelope schema takes rrweb events as they come (extra fields kept)', () => {
    const parsed = mirrorEventsSchema.parse({ type: 'mirror-events', stream, seq: 0, events: [{ type: 3, timestamp: 5, delay: 1, data: { source: 0, adds: [] } }] });
    expect(parsed.events[0]).toEqual({ type: 3, timestamp: 5, delay: 1, data: { source: 0, adds: [] } });
  });
});

describe('DOM input', () => {
  const valid = [
    { type: 'dom-click', node: 12, button: 'left', modifiers: NO_MODIFIERS, detail: 1, ...stamp },
    { type: 'dom-click', node: 12, button: 'right', modifiers: { ...NO_MODIFIERS, shift: true }, detail: 2, ...stamp },
    { type: 'dom-text', node: 4, mode: 'insert', text: 'héllo', ...stamp },
    { type: 'dom-text', node: 4, mode: 'set', text: '', ...stamp },
    { type: 'dom-key', node: null, code: 'Enter', key: 'Enter', modifiers: NO_MODIFIERS, ...stamp },
    { type: 'dom-key', node: 9, code: 'KeyA', key: 'a', modifiers: { ...NO_MODIFIERS, ctrl: true }, ...stamp },
    { type: 'dom-scroll', node: null, dx: 0, dy: 120, ...stamp },
    { type: 'dom-scroll', node: 30, dx: -40, dy: 0, ...stamp },
    { type: 'dom-highlight', node: 1, ...stamp },
  ];
  const invalid = [
    { type: 'dom-click', node: 0, button: 'left', modifiers: NO_MODIFIERS, detail: 1, ...stamp },
    { type: 'dom-click', node: 1.5, button: 'left', modifiers: NO_MODIFIERS, detail: 1, ...stamp },
    { type: 'dom-click', node: 3, button: 'left', modifiers: NO_MODIFIERS, detail: 3, ...stamp },
    { type: 'dom-click', node: 3, button: 'back', modifiers: NO_MODIFIERS, detail: 1, ...stamp },
    { type: 'dom-click', node: 3, button: 'left', modifiers: {}, detail: 1, ...stamp },
    { type: 'dom-click', node: 3, button: 'left', modifiers: NO_MODIFIERS, detail: 1, seq: 1, sentAt: 0 },
    { type: 'dom-click', x: 0.5, y: 0.5, button: 'left', modifiers: NO_MODIFIERS, detail: 1, ...stamp },
    { type: 'dom-text', node: 4, mode: 'insert', text: '', ...stamp },
    { type: 'dom-text', node: 4, mode: 'replace', text: 'a', ...stamp },
    { type: 'dom-text', node: 4, mode: 'set', text: 'x'.repeat(2001), ...stamp },
    { type: 'dom-key', node: null, code: 'Key A', key: 'a', modifiers: NO_MODIFIERS, ...stamp },
    { type: 'dom-key', node: null, code: 'KeyA', key: '', modifiers: NO_MODIFIERS, ...stamp },
    { type: 'dom-key', code: 'KeyA', key: 'a', modifiers: NO_MODIFIERS, ...stamp },
    { type: 'dom-scroll', node: null, dx: 0, dy: 1e6, ...stamp },
    { type: 'dom-highlight', node: null, ...stamp },
    { type: 'dom-highlight', node: 1, seq: -1, sentAt: 0, epoch: 1 },
    { type: 'button', action: 'down', button: 'left', x: 0, y: 0, modifiers: NO_MODIFIERS, ...stamp },
    null,
    'dom-click',
  ];

  it('takes every kind of DOM input, addressed by node id and stamped', () => {
    for (const message of valid) expect(domInputSchema.safeParse(message).success, JSON.stringify(message)).toBe(true);
  });

  it('refuses malformed DOM input', () => {
    for (const message of invalid) expect(domInputSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
  });

  it('reports: done with the echoed stamp, or refused for a reason from the closed set', () => {
    expect(domInputReportSchema.safeParse({ type: 'dom-done', seq: 1, sentAt: 2, epoch: 3, executedAt: 4 }).success).toBe(true);
    for (const reason of ['revoked', 'paused', 'private', 'lifeline-own', 'gone', 'navigation', 'unsupported']) {
      expect(domInputReportSchema.safeParse({ type: 'dom-refused', seq: 1, epoch: 3, reason }).success, reason).toBe(true);
    }
    expect(domInputReportSchema.safeParse({ type: 'dom-refused', seq: 1, epoch: 3, reason: 'because' }).success).toBe(false);
    expect(domInputReportSchema.safeParse({ type: 'dom-done', seq: 1, epoch: 3 }).success).toBe(false);
  });

  it('tells the kinds apart from the type alone', () => {
    expect(cobrowseMessageKind({ type: 'mirror-piece' })).toBe('mirror');
    expect(cobrowseMessageKind({ type: 'mirror-snapshot-request' })).toBe('mirror-request');
    expect(cobrowseMessageKind(valid[0])).toBe('dom-input');
    expect(cobrowseMessageKind({ type: 'dom-refused' })).toBe('dom-report');
    for (const other of [null, 'dom-click', { type: 'button' }, { type: 'toString' }, { type: '__proto__' }]) expect(cobrowseMessageKind(other)).toBe('other');
  });

  it('reads a wire message as JSON with its kind, and nothing else', () => {
    expect(readCobrowseWire('{"type":"mirror-snapshot-request"}')).toEqual({ raw: { type: 'mirror-snapshot-request' }, kind: 'mirror-request' });
    expect(readCobrowseWire('{"type":"hello"}')?.kind).toBe('other');
    for (const bad of ['{not json', 42, null, new ArrayBuffer(2)]) expect(readCobrowseWire(bad)).toBeNull();
  });
});
