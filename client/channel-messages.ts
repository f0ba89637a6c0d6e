import {
  controlChannelKind,
  type InputMessage,
  inputMessageSchema,
  type InputReport,
  inputReportSchema,
  pointerMoveSchema,
} from '../protocol';

/** Sends a message as JSON on a channel that is open; false (nothing sent) otherwise. */
export function sendJson(channel: RTCDataChannel | undefined, message: unknown): boolean {
  if (channel?.readyState !== 'open') return false;
  channel.send(JSON.stringify(message));
  return true;
}

/** A data channel message as JSON, or undefined when it is not (the schemas then refuse it). */
export function parseJson(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return undefined;
  }
}

/** Where remote-control input lands on a connection: the executor's side takes input, the console's reports. */
export interface InputHandlers {
  onInput?: (message: InputMessage) => void;
  onReport?: (report: InputReport) => void;
}

/** A `pointer` channel message: a move, validated, to the input handler. */
export function receivePointer(data: unknown, handlers: InputHandlers): void {
  if (!handlers.onInput) return;
  const move = pointerMoveSchema.safeParse(parseJson(data));
  if (move.success) handlers.onInput(move.data);
  else console.warn('Lifeline: ignored a malformed pointer message');
}

/**
 * A `control` channel message that claims to be input or an input report goes, validated, to its handler (or
 * nowhere, on a side without one): true. Any other kind is the caller's: false. Each kind is parsed once, by its
 * own schema, from its type alone (controlChannelKind): input runs on every keystroke.
 */
export function receiveInput(raw: unknown, handlers: InputHandlers): boolean {
  const kind = controlChannelKind(raw);
  if (kind === 'input') {
    if (!handlers.onInput) return true;
    const input = inputMessageSchema.safeParse(raw);
    if (input.success) handlers.onInput(input.data);
    else console.warn('Lifeline: ignored a malformed input message');
    return true;
  }
  if (kind === 'report') {
    if (!handlers.onReport) return true;
    const report = inputReportSchema.safeParse(raw);
    if (report.success) handlers.onReport(report.data);
    else console.warn('Lifeline: ignored a malformed input report');
    return true;
  }
  return false;
}
