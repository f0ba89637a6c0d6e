/**
 * The `helper` data channel: everything besides input, each behind its own right of the technician's group
 * (helperRightsSchema). The helper enforces the rights itself: the server told it what the group allows, and a
 * technician's console asking for more is refused here, whatever it sends.
 */
import { type HelperMessage, helperMessageSchema, type HelperRights, type ScreenQuality, type SystemInfo } from '../protocol/helper';
import type { ClipboardSync } from './clipboard';
import { errorText, type Logger } from './log';

const MESSAGE_MAX_CHARS = 200_000;

export interface RebootSteps {
  /** Registers the helper to start again after login (the autostart entry). */
  prepare(): Promise<void>;
  /** Restarts the computer. */
  run(): Promise<void>;
  /** The restart failed: take the registration back. */
  abort(): void;
}

export interface HelperServiceOptions {
  rights: () => HelperRights;
  send: (message: HelperMessage) => void;
  systemInfo: () => Promise<SystemInfo>;
  /** Null when the clipboard cannot be reached here (no xclip). */
  clipboard: ClipboardSync | null;
  reboot: RebootSteps;
  /** The technician's quality preset for the helper's own screen. */
  screenQuality?: (quality: ScreenQuality) => void;
  /** The console asks for the screen again (helper/screen-stream.ts `refresh`). */
  screenRefresh?: () => void;
  log: Logger;
}


export class HelperService {
  private channelOpen = false;

  constructor(private readonly options: HelperServiceOptions) {}

  /** The `helper` channel opened or closed: clipboard changes are watched only while someone can receive them. */
  setChannelOpen(open: boolean): void {
    this.channelOpen = open;
    this.updateClipboard();
  }

  /** The rights changed (a new hello ack after reconnecting). */
  rightsChanged(): void {
    this.updateClipboard();
  }

  stop(): void {
    this.channelOpen = false;
    this.options.clipboard?.stop();
  }

  /** A message from the `helper` channel; resolves when it has been handled (tests await it). */
  async receive(data: unknown): Promise<void> {
    const message = this.parse(data);
    if (!message) return;
    const { rights, send, log } = this.options;
    switch (message.type) {
      case 'system-info-request': {
        if (!rights().systemInfo) {
          send({ type: 'refused', id: message.id, reason: 'not-allowed' });
          return;
        }
        try {
          send({ type: 'system-info', id: message.id, info: await this.options.systemInfo() });
        } catch (error) {
          log('system-info-failed', { error: errorText(error) });
          send({ type: 'refused', id: message.id, reason: 'failed', detail: errorText(error).slice(0, 500) });
        }
        return;
      }
      case 'clipboard': {
        if (!rights().clipboardSync || !this.options.clipboard) {
          log('clipboard-ignored', { reason: this.options.clipboard ? 'not-allowed' : 'unavailable' });
          return;
        }
        await this.options.clipboard.applyRemote(message.text);
        return;
      }
      case 'reboot-request':
        await this.reboot(message.id);
        return;
      case 'screen-quality':
        // Not a right: it only makes the picture cheaper or sharper, and the picture goes only with control.
        this.options.screenQuality?.({ maxBitrate: message.maxBitrate, maxFramerate: message.maxFramerate });
        return;
      case 'screen-refresh':
        // Not a right either: the stream runs only while desktop control is granted, and only a running one sends.
        this.options.screenRefresh?.();
        return;
      default:
        log('message-ignored', { channel: 'helper', type: message.type });
    }
  }

  private async reboot(id: string): Promise<void> {
    const { rights, send, log, reboot } = this.options;
    if (!rights().reboot) {
      send({ type: 'refused', id, reason: 'not-allowed' });
      return;
    }
    try {
      await reboot.prepare();
    } catch (error) {
      log('reboot-failed', { step: 'autostart', error: errorText(error) });
      send({ type: 'refused', id, reason: 'failed', detail: errorText(error) });
      return;
    }
    send({ type: 'reboot-starting', id });
    log('reboot-starting', {});
    try {
      await reboot.run();
    } catch (error) {
      log('reboot-failed', { step: 'command', error: errorText(error) });
      reboot.abort();
      send({ type: 'refused', id, reason: 'failed', detail: errorText(error) });
    }
  }

  private parse(data: unknown): HelperMessage | null {
    if (typeof data !== 'string' || data.length > MESSAGE_MAX_CHARS) {
      this.options.log('message-ignored', { channel: 'helper', reason: typeof data === 'string' ? 'too-long' : 'not-text' });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.options.log('message-ignored', { channel: 'helper', reason: 'not-json' });
      return null;
    }
    const parsed = helperMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.options.log('message-ignored', { channel: 'helper', reason: 'invalid', issue: parsed.error.issues[0]?.message });
      return null;
    }
    return parsed.data;
  }

  private updateClipboard(): void {
    const clipboard = this.options.clipboard;
    if (!clipboard) return;
    const wanted = this.channelOpen && this.options.rights().clipboardSync;
    if (wanted && !clipboard.running) {
      clipboard.start().catch((error: unknown) => this.options.log('clipboard-failed', { error: errorText(error) }));
    } else if (!wanted && clipboard.running) {
      clipboard.stop();
    }
  }
}
