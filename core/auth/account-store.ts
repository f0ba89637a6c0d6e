/** What sign-in's second steps need from storage: the TOTP seed, recovery codes, passwords, settings. */
export interface AccountStore {
  setTotpSecret(userId: string, sealed: string | null): Promise<void>;
  /** Replaces the person's recovery codes (hashes). */
  setRecoveryCodes(userId: string, codeHashes: string[]): Promise<void>;
  /** Spends a recovery code: true only the first time for an existing, unused code. */
  useRecoveryCode(userId: string, codeHash: string, now: number): Promise<boolean>;
  remainingRecoveryCodes(userId: string): Promise<number>;
  setPassword(userId: string, passwordHash: string, changedAt: number, mustChange: boolean): Promise<void>;
  /** False when another account has this address. */
  setEmail(userId: string, email: string): Promise<boolean>;
}

/** Organisation-wide settings by key, as JSON values. */
export interface SettingsStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}
