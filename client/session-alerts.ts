import { Store } from './store';
import { playChime, unlockChime } from './chime';

export interface AlertSettings {
  sound: boolean;
  /** The browser's answer for desktop notifications. */
  permission: NotificationPermission | 'unsupported';
}

/** Where this browser keeps the alert sound choice; the account page writes it too, so both read one setting. */
export const ALERT_SOUND_KEY = 'lifeline.alerts.sound';
const SOUND_KEY = ALERT_SOUND_KEY;

/** A desktop notification's words, in the technician's language: the console hands them in (it has the translations). */
export interface AlertWords {
  customerWaiting(customerName: string): { title: string; body: string };
  invitedToWatch(customerName: string, fromName: string): { title: string; body: string };
}

/**
 * Tells a busy technician that a customer is waiting: a desktop notification (when allowed) and a short
 * sound (unless muted in this browser).
 */
export class SessionAlerts {
  readonly settings = new Store<AlertSettings>({ sound: true, permission: 'default' });
  private words: AlertWords | null = null;
  /** Saves the sound choice for the person (their account), so it follows them; the console sets it. */
  persistSound: ((sound: boolean) => void) | null = null;

  /** Reads the saved choice and the browser's permission; call in the browser only. */
  load(): void {
    const supported = typeof Notification !== 'undefined';
    this.settings.update({
      sound: localStorage.getItem(SOUND_KEY) !== 'off',
      permission: supported ? Notification.permission : 'unsupported',
    });
  }

  setSound(sound: boolean): void {
    this.adoptSound(sound);
    this.persistSound?.(sound);
    // A click is a user gesture: the audio context may start now and play later.
    if (sound) unlockChime();
  }

  /** The person's saved choice (from their account), taken over by this browser; `load` reads it back. */
  adoptSound(sound: boolean): void {
    localStorage.setItem(SOUND_KEY, sound ? 'on' : 'off');
    this.settings.update({ sound });
  }

  async enableNotifications(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    this.settings.update({ permission: await Notification.requestPermission() });
  }

  /** The words of the notifications; until the console sets them, alerts only chime. */
  setWords(words: AlertWords): void {
    this.words = words;
  }

  customerWaiting(customerName: string, onOpen: () => void): void {
    this.alert(this.words?.customerWaiting(customerName), `waiting-${customerName}`, onOpen);
  }

  invitedToWatch(customerName: string, fromName: string, onOpen: () => void): void {
    this.alert(this.words?.invitedToWatch(customerName, fromName), `watch-${customerName}`, onOpen);
  }

  private alert(words: { title: string; body: string } | undefined, tag: string, onOpen: () => void): void {
    if (words && this.settings.get().permission === 'granted') {
      const notification = new Notification(words.title, { body: words.body, tag });
      notification.onclick = () => {
        window.focus();
        onOpen();
        notification.close();
      };
    }
    if (this.settings.get().sound) playChime([660, 880]); // rising: audible, not alarming
  }
}
