/**
 * The technician's side of the co-browse test pages (bundled by testing/cobrowse/rig.ts into the console page): a
 * DomMirror in a fixed-size box, wired to whatever link the rig chose.
 */
import { DomMirror } from '../../client/dom-mirror';
import { cobrowseMessageKind, type DomInputAction, type DomInputReport, domInputReportSchema } from '../../protocol/cobrowse';
import { type LinkMode, openLink, type PageLink } from './page-link';

let link: PageLink | null = null;
let mirror: DomMirror | null = null;
let epoch: number | null = null;
const reports: DomInputReport[] = [];
const sent: string[] = [];
let snapshotRequests = 0;
/** Bytes of the recorder's stream received (UTF-16 length of the wire text), for the bench's snapshot size. */
let mirrorChars = 0;

function receive(wire: string): void {
  const raw = JSON.parse(wire) as unknown;
  const kind = cobrowseMessageKind(raw);
  if (kind === 'mirror') {
    mirrorChars += wire.length;
    mirror?.receive(wire);
  }
  else if (kind === 'dom-report') {
    const report = domInputReportSchema.parse(raw);
    reports.push(report);
    mirror?.handleReport(report);
  } else technician.onOther?.(raw);
}

function out(wire: string): void {
  sent.push(wire);
  link!.send(wire);
}

const technician = {
  reports,
  sent,
  /** Messages that are not co-browse's (the bench's bare baseline). */
  onOther: null as ((raw: unknown) => void) | null,
  /** A message as it is, on the same link (the bench's bare baseline). */
  sendRaw: (wire: string) => link!.send(wire),
  get snapshotRequests() {
    return snapshotRequests;
  },
  get mirrorChars() {
    return mirrorChars;
  },
  async connect(mode: LinkMode): Promise<void> {
    const opened = openLink(mode, 'answer', receive);
    link = opened.link;
    await opened.open;
  },
  signal: (signal: string) => link!.signal(signal),
  describeLink: () => link?.describe() ?? null,
  receive,
  start(): void {
    mirror?.dispose();
    mirror = new DomMirror(document.getElementById('mirror')!, {
      send: (message) => out(JSON.stringify(message)),
      epoch: () => epoch,
      requestSnapshot: () => {
        snapshotRequests++;
        out(JSON.stringify({ type: 'mirror-snapshot-request' }));
      },
    });
  },
  setEpoch(value: number | null): void {
    epoch = value;
  },
  /** An action as the console's own controls would send it (a "type this" box). */
  act: (action: DomInputAction) => mirror!.act(action),
  setPointer: (pointer: 'control' | 'laser') => mirror!.setPointer(pointer),
  get mirror() {
    return mirror;
  },
  state: () => mirror?.state.get() ?? null,
  document: () => mirror?.document ?? null,
  /** The id the mirror gives the mirrored element a selector finds. */
  nodeId: (selector: string) => mirror?.nodeId(mirror.document?.querySelector(selector) ?? null) ?? -1,
  dispose(): void {
    mirror?.dispose();
    mirror = null;
  },
};

declare global {
  interface Window {
    lifelineConsole: typeof technician;
  }
}
window.lifelineConsole = technician;
