/**
 * DOM co-browse in the company's page: the rrweb recorder (redaction on the device) and the executor of the
 * technician's input by node id, behind the gate the customer's grant opens. The loader fetches this bundle
 * only once the customer agreed to co-browse (it is most of the widget's weight), and talks to it through the
 * function it registers. The frame, not this page, holds consent and the grant: this side only obeys it.
 */
import { DomExecutor } from '../cobrowse/dom-executor';
import { DomRecorder } from '../cobrowse/dom-recorder';
import { InputGate } from '../input/input-gate';
import { domInputSchema, readCobrowseWire } from '../protocol/cobrowse';
import type { LoaderToFrame, WidgetRedaction } from '../protocol/widget';

export interface CobrowseController {
  /** A message of the technician's, relayed by the frame. */
  receive(wire: string): void;
  /** The customer's grant: input carrying this epoch may run; null closes the gate at once. */
  gate(epoch: number | null, technicianName: string): void;
  stop(): void;
}

export type StartCobrowse = (options: { redaction: WidgetRedaction; toFrame: (message: LoaderToFrame) => void }) => CobrowseController;

const STOP_KEY = { key: 'Escape', shiftKey: true } as const;

const start: StartCobrowse = ({ redaction, toFrame }) => {
  const gate = new InputGate(() => 'technician');
  const out = (wire: string) => toFrame({ kind: 'from-page', wire });
  const recorder = new DomRecorder(window, {
    sink: out,
    redaction: { privateSelectors: redaction.privateSelectors, privateByDefault: redaction.privateByDefault },
    onError: (error) => toFrame({ kind: 'cobrowse-failed', reason: String(error) }),
  });
  let executor: DomExecutor | null = null;
  let technicianName = '';
  const executorFor = () =>
    (executor ??= new DomExecutor(window, {
      gate,
      // Input by coordinates never comes this way: the technician acts on the mirror, by node.
      report: () => undefined,
      technicianName,
      resolve: (id) => recorder.getNode(id),
      redaction: recorder.redaction,
      reportDom: (report) => out(JSON.stringify(report)),
    }));
  // The customer's own stop key, on the page they are looking at (the frame has its own while it has the focus).
  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.key !== STOP_KEY.key || event.shiftKey !== STOP_KEY.shiftKey || gate.epoch === null) return;
    event.preventDefault();
    gate.revoke();
    toFrame({ kind: 'revoke' });
  };
  window.addEventListener('keydown', onKey, { capture: true });

  return {
    receive(wire) {
      const read = readCobrowseWire(wire);
      if (read?.kind === 'mirror-request') recorder.takeFullSnapshot();
      else if (read?.kind === 'dom-input') {
        const message = domInputSchema.safeParse(read.raw);
        if (message.success) executorFor().executeDom(message.data);
      }
    },
    gate(epoch, name) {
      technicianName = name;
      if (epoch === null) {
        gate.revoke();
        executor?.dispose();
        executor = null;
      } else if (gate.epoch !== epoch) {
        try {
          gate.grant(epoch);
          executorFor();
        } catch {
          // An epoch older than one already seen: a stale grant, ignored.
        }
      }
    },
    stop() {
      window.removeEventListener('keydown', onKey, { capture: true });
      gate.revoke();
      executor?.dispose();
      executor = null;
      recorder.stop();
    },
  };
};

(window as unknown as { __lifelineCobrowse?: StartCobrowse }).__lifelineCobrowse = start;
