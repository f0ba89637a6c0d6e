import * as z from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import type { SettingsStore } from '../auth/account-store';
import { DomainError } from '../errors';
import { Role } from '../model';

/**
 * How the technician console treats time, set by a master administrator: when a customer's wait turns amber
 * (warn) and red (late), after how many minutes without input a technician shows as Away, and after how many
 * the server signs them out (null: never).
 */
export const consoleSettingsSchema = z.object({
  waitWarnSeconds: z.number().int().min(5).max(3600),
  waitLateSeconds: z.number().int().min(10).max(4 * 3600),
  autoAwayMinutes: z.number().int().min(1).max(480).nullable(),
  autoSignOutMinutes: z.number().int().min(5).max(24 * 60).nullable(),
});
export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 10, autoSignOutMinutes: null };

const KEY = 'console';

/** The console settings stored with the organisation; a stored value that no longer parses reads as the defaults. */
export class ConsoleSettingsStore {
  private readonly changed = new Set<(settings: ConsoleSettings) => void>();

  constructor(
    private readonly store: SettingsStore,
    private readonly audit: AuditLog,
  ) {}

  onChange(listener: (settings: ConsoleSettings) => void): void {
    this.changed.add(listener);
  }

  async current(): Promise<ConsoleSettings> {
    const parsed = consoleSettingsSchema.safeParse(await this.store.get(KEY));
    return parsed.success ? parsed.data : DEFAULT_CONSOLE_SETTINGS;
  }

  async set(by: Caller, input: unknown): Promise<ConsoleSettings> {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator sets the console settings.');
    const value = consoleSettingsSchema.parse(input);
    validateConsoleSettings(value);
    await this.store.set(KEY, value);
    await this.audit.record(by, 'settings.console_changed', 'Console', { details: value });
    for (const listener of this.changed) listener(value);
    return value;
  }
}

/** The rules between fields that the schema alone does not say. */
export function validateConsoleSettings(value: ConsoleSettings): void {
  if (value.waitLateSeconds <= value.waitWarnSeconds) {
    throw DomainError.invalidField('waitLateSeconds', 'A wait turns late after it turned amber.', [{ key: 'tooLow', values: { minimum: value.waitWarnSeconds + 1 } }]);
  }
  if (value.autoAwayMinutes !== null && value.autoSignOutMinutes !== null && value.autoSignOutMinutes <= value.autoAwayMinutes) {
    throw DomainError.invalidField('autoSignOutMinutes', 'Signing out comes after showing as Away.', [{ key: 'tooLow', values: { minimum: value.autoAwayMinutes + 1 } }]);
  }
}
