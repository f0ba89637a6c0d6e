import { ConfigError, loadConfig } from './config';

/**
 * The data directory a command-line tool works on (`npm run verify-log`, `npm run backup`): the one the server
 * would open with this environment. Null, with the reason said, when the configuration is not valid.
 */
export function commandDataDir(env: Record<string, string | undefined>, out: (line: string) => void): string | null {
  try {
    return loadConfig(env).dataDir;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    out(error.message);
    return null;
  }
}
