import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, win32 } from 'node:path';
import { pairingTokenSchema } from '../protocol/helper';

type Environment = Record<string, string | undefined>;

/**
 * Where the helper keeps the key the server gave it when it took its download's token (server side:
 * core/support/helper-pairing.ts): the token admits no other helper after that, so this file is what lets the
 * same download run again on this computer (killed and started again, or back from the reboot it asked for),
 * while a copy of the download elsewhere is refused. Mode 0600 in a 0700 directory; removed with the rest of
 * the helper's footprint when the session ends.
 */
export function helperKeyPath(sessionId: string, env: Environment = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || win32.join(env.USERPROFILE || homedir(), 'AppData', 'Local');
    return win32.join(local, 'Lifeline Helper', `${sessionId}.key`);
  }
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(config, 'lifeline-helper', `${sessionId}.key`);
}

/** The key kept for this session, if one is there and well formed. */
export function readHelperKey(path: string): string | null {
  try {
    const key = readFileSync(path, 'utf8').trim();
    return pairingTokenSchema.safeParse(key).success ? key : null;
  } catch {
    return null;
  }
}

export function writeHelperKey(path: string, key: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
}
