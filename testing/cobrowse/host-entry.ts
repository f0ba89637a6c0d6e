/**
 * The customer's side of the co-browse test pages (bundled by testing/cobrowse/rig.ts into the host page): the
 * DOM recorder and the DOM executor, wired as the widget will wire them, to whatever link the rig chose.
 */
import { DomExecutor } from '../../cobrowse/dom-executor';
import { DomRecorder } from '../../cobrowse/dom-recorder';
import type { RedactionPolicy } from '../../cobrowse/redaction';
import { InputGate } from '../../input/input-gate';
import { cobrowseMessageKind, type DomInputReport, domInputSchema } from '../../protocol/cobrowse';
import type { InputMessage, InputReport } from '../../protocol/input';
import { type LinkMode, openLink, type PageLink } from './page-link';

let link: PageLink | null = null;
let recorder: DomRecorder | null = null;
let executor: DomExecutor | null = null;
const gate = new InputGate(() => 'technician');
const reports: DomInputReport[] = [];
const inputReports: InputReport[] = [];
const errors: string[] = [];

function receive(wire: string): void {
  const raw = JSON.parse(wire) as unknown;
  const kind = cobrowseMessageKind(raw);
  if (kind === 'mirror-request') recorder?.takeFullSnapshot();
  else if (kind === 'dom-input') {
    const message = domInputSchema.safeParse(raw);
    if (message.success) executor?.executeDom(message.data);
    else errors.push(`invalid DOM input: ${wire}`);
  } else host.onOther?.(raw);
}

const host = {
  reports,
  inputReports,
  errors,
  /** Messages that are not co-browse's (the bench's bare baseline). */
  onOther: null as ((raw: unknown) => void) | null,
  /** A message as it is, on the same link (the bench's bare baseline). */
  sendRaw: (wire: string) => link!.send(wire),
  async connect(mode: LinkMode): Promise<void> {
    const opened = openLink(mode, 'offer', receive);
    link = opened.link;
    await opened.open;
  },
  signal: (signal: string) => link!.signal(signal),
  describeLink: () => link?.describe() ?? null,
  /** Receives from the test relay (mode `test`). */
  receive,
  start(policy: RedactionPolicy = {}): void {
    const out = (wire: string) => link!.send(wire);
    recorder = new DomRecorder(window, { sink: out, redaction: policy, onError: (error) => errors.push(String(error)) });
    const current = recorder;
    executor = new DomExecutor(window, {
      gate,
      report: (report) => inputReports.push(report),
      technicianName: 'Tess Tech',
      resolve: (id) => current.getNode(id),
      redaction: current.redaction,
      reportDom: (report) => {
        reports.push(report);
        out(JSON.stringify(report));
      },
    });
  },
  grant: (epoch?: number) => gate.grant(epoch),
  /** Input by coordinates, the page executor's older path, on the same executor. */
  executeInput: (message: InputMessage) => executor?.execute(message),
  revoke: () => gate.revoke(),
  takeFullSnapshot: () => recorder?.takeFullSnapshot(),
  stop(): void {
    executor?.dispose();
    recorder?.stop();
    executor = null;
    recorder = null;
  },
  /** The recording's id of the element a selector finds, as the mirror knows it. */
  nodeId: (selector: string) => {
    const element = document.querySelector(selector);
    return element && recorder ? recorder.getId(element) : -1;
  },
};

declare global {
  interface Window {
    lifelineHost: typeof host;
  }
}
window.lifelineHost = host;
