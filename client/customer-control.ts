import type { ControlProblem, ControlView, InputMessage, InputReport } from '../protocol';
import { PageExecutor } from '../cobrowse/page-executor';
import { InputGate } from '../input/input-gate';
import { Store } from './store';

export interface ControlRequest {
  control: ControlView;
  technicianName: string;
  /** For the whole desktop: where the customer downloads the Lifeline Helper (paired with this session). */
  helperDownload: string | null;
  /** The customer's consent already covered control (the group's single prompt): no second question. */
  preApproved?: boolean;
}

export interface CustomerControlState {
  /** The technician asks and the customer has not answered yet. */
  request: ControlRequest | null;
  /** Control granted (the customer's page shows who controls and how to stop); null when nobody controls. */
  control: ControlView | null;
  technicianName: string | null;
  /** The helper the customer may still need to run for desktop control (kept after granting). */
  helperDownload: string | null;
  /** Why the last yes could not give control of this page (until the next request). */
  problem: ControlProblem | null;
}

/** The key the customer presses to stop control at once, whatever has the focus. */
export const STOP_CONTROL_HOTKEY = { key: 'Escape', shiftKey: true } as const;

export interface CustomerControlDeps {
  answer(accept: boolean, epoch: number, problem?: ControlProblem): Promise<void>;
  stop(): Promise<void>;
  /** Tells the technician's console what the executor did (on the control channel). */
  report(report: InputReport): void;
  /** Control of the page needs this tab shared (a new share needs the customer's click). */
  sharingThisTab(): boolean;
  /**
   * Whether page control acts on this document. Not in the widget's frame while the company's page is
   * co-browsed: the executor there does, and a cursor here would only confuse.
   */
  executesHere?(): boolean;
}

/**
 * Remote control on the customer's side: the technician's request, the customer's answer, and the gate that
 * input passes. Consent is the customer's: nothing runs before they grant. For their page, a revoke (button or
 * hotkey) closes the gate before the server hears of it, so no input already on its way runs after it; for the
 * desktop, the helper closes its own gate when the server relays the revoke.
 */
export class CustomerControl {
  readonly state = new Store<CustomerControlState>({ request: null, control: null, technicianName: null, helperDownload: null, problem: null });
  private readonly gate = new InputGate(() => this.state.get().control?.priority ?? this.state.get().request?.control.priority ?? 'technician');
  private executor: PageExecutor | null = null;
  private readonly onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.key !== STOP_CONTROL_HOTKEY.key || event.shiftKey !== STOP_CONTROL_HOTKEY.shiftKey) return;
    if (!this.state.get().control) return;
    event.preventDefault();
    void this.revoke();
  };

  constructor(private readonly deps: CustomerControlDeps) {}

  /**
   * What the server says when the page (re)opens or reconnects. The gate stays open only for exactly the grant
   * the server holds: a revoke missed during a network blip closes it here; a grant made before a reload is not
   * this page's to honour and is stopped.
   */
  applyView(control: ControlView | null): void {
    if (this.gate.epoch !== null && !(control?.state === 'granted' && control.epoch === this.gate.epoch)) {
      this.close();
      this.state.update({ control: null });
    }
    if (control?.state === 'granted' && this.gate.epoch === null) {
      void this.deps.stop();
      return;
    }
    if (control?.state === 'requested' && !this.state.get().request) this.state.update({ request: { control, technicianName: this.state.get().technicianName ?? '', helperDownload: null } });
  }

  onRequested(request: ControlRequest): void {
    this.state.update({ request, technicianName: request.technicianName, helperDownload: request.helperDownload, problem: null });
    // Allowed up front: granted at once where nothing else is needed from the customer (the banner still
    // shows who controls, and Stop works as ever).
    if (request.preApproved && (request.control.mode === 'desktop' || this.deps.sharingThisTab())) void this.accept();
  }

  onState(control: ControlView | null): void {
    if (control?.state === 'granted') {
      this.state.update({ control, request: null });
      return;
    }
    this.close();
    this.state.update({ control: null, request: null });
  }

  /**
   * The customer agrees. For their page, the caller shares this tab first (in the same click). The grant gets
   * an epoch newer than any the server saw in this session.
   */
  async accept(): Promise<void> {
    const request = this.state.get().request;
    if (!request) return;
    const epoch = this.gate.grant(Math.max(request.control.epoch, this.gate.epoch ?? 0, Date.now()) + 1);
    // The stop hotkey listens while control is on, in the capture phase: a page cannot swallow it.
    window.addEventListener('keydown', this.onKey, { capture: true });
    if (request.control.mode === 'page' && (this.deps.executesHere?.() ?? true)) {
      this.executor?.dispose();
      this.executor = new PageExecutor(window, { gate: this.gate, report: this.deps.report, technicianName: request.technicianName });
    }
    this.state.update({ request: null, control: { ...request.control, state: 'granted', epoch } });
    try {
      await this.deps.answer(true, epoch);
    } catch {
      this.close();
      this.state.update({ control: null });
    }
  }

  /** No; or yes, but the page could not be shown (`problem`): the technician hears which, to say what to do. */
  async decline(problem?: ControlProblem): Promise<void> {
    const request = this.state.get().request;
    this.state.update({ request: null, helperDownload: null, problem: problem ?? null });
    if (request) await this.deps.answer(false, Math.max(request.control.epoch, Date.now()) + 1, problem).catch(() => undefined);
  }

  /** Stop control now: the gate closes before anything else happens. */
  async revoke(): Promise<void> {
    this.close();
    this.state.update({ control: null, request: null, helperDownload: null });
    await this.deps.stop().catch(() => undefined);
  }

  /** Input from the technician's connection (never a collaborator's). */
  input(message: InputMessage): void {
    if (this.executor) this.executor.execute(message);
    else if (message.type !== 'move') this.deps.report({ type: 'input-refused', seq: message.seq, epoch: message.epoch, reason: 'not-granted' });
  }

  private close(): void {
    this.gate.revoke();
    this.executor?.dispose();
    this.executor = null;
    if (typeof window !== 'undefined') window.removeEventListener('keydown', this.onKey, { capture: true });
  }
}
