/**
 * "Reboot and reconnect" ("reboot" right): before restarting the computer the helper registers itself to start
 * again after login with the same pairing, so it comes back into the session by itself. The entry is part of
 * the helper's footprint and is removed when the session ends (the pairing token in it is worthless by then,
 * but nothing of the helper should stay behind).
 *
 * Linux: an XDG autostart entry (~/.config/autostart), which every desktop session honours. Windows: a batch
 * file in the user's Startup folder, which Explorer runs at logon (a file, like the Linux entry, so it goes with
 * the rest of the footprint; a Run key in the registry would need its own removal). macOS would use a
 * LaunchAgent; not written yet: the request is refused as failed there.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export const AUTOSTART_FILE = 'lifeline-helper.desktop';
export const STARTUP_FILE = 'lifeline-helper.cmd';

/** The variables read here (a plain record: tests pass a few without the rest of process.env). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The command line that starts this helper again: the single executable, or node with the bundled script. */
export function ownCommand(encodedPairing: string, options: { execPath: string; script: string | null }): string[] {
  return [options.execPath, ...(options.script ? [options.script] : []), '--pairing', encodedPairing];
}

/** One argument of a desktop entry's Exec key, quoted as the Desktop Entry Specification says. */
export function quoteExecArgument(argument: string): string {
  const escapedPercent = argument.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escapedPercent) && escapedPercent !== '') return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(command: string[]): string {
  // Inside a desktop file's string values a backslash must itself be escaped, on top of Exec's quoting.
  const exec = command.map(quoteExecArgument).join(' ').replace(/\\/g, '\\\\');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Lifeline Helper',
    'Comment=Reconnects the remote support session after a restart; removed when the session ends',
    `Exec=${exec}`,
    'Terminal=false',
    'NoDisplay=true',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartDirectory(env: Environment = process.env): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(config, 'autostart');
}

/** Windows: the user's Startup folder (under %APPDATA%). */
export function startupDirectory(env: Environment = process.env): string {
  const roaming = env.APPDATA || win32.join(env.USERPROFILE || homedir(), 'AppData', 'Roaming');
  return win32.join(roaming, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup');
}

/** Where the entry that brings the helper back after a restart goes on this system. */
export function autostartPath(env: Environment = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return win32.join(startupDirectory(env), STARTUP_FILE);
  return join(autostartDirectory(env), AUTOSTART_FILE);
}

/**
 * The Startup folder's batch file: starts the helper detached (`start ""`, so the logon does not wait for it),
 * each argument in double quotes, `%` doubled as a batch file needs. No Windows path nor pairing holds a `"`.
 */
export function startupScript(command: string[]): string {
  if (command.some((argument) => argument.includes('"') || /[\r\n]/.test(argument))) throw new Error('an argument cmd cannot quote');
  const quoted = command.map((argument) => `"${argument.replace(/%/g, '%%')}"`).join(' ');
  // cmd reads a batch file in the console's OEM code page: UTF-8 first, for a path like C:\Users\José.
  return ['@echo off', 'chcp 65001 >nul', 'rem Lifeline Helper: reconnects the remote support session after a restart; removed when the session ends', `start "" ${quoted}`, ''].join('\r\n');
}

/** Writes the autostart entry; returns its path. Mode 0600 on Linux: it holds the pairing token. */
export async function writeAutostart(command: string[], env: Environment = process.env, platform: NodeJS.Platform = process.platform): Promise<string> {
  if (platform === 'win32') {
    // The user's own profile: other users cannot read it (its ACL), so no mode to set.
    await mkdir(startupDirectory(env), { recursive: true });
    const path = autostartPath(env, platform);
    await writeFile(path, startupScript(command));
    return path;
  }
  if (platform !== 'linux') throw new Error(`restarting into the session is not supported on ${platform} yet`);
  await mkdir(autostartDirectory(env), { recursive: true, mode: 0o700 });
  const path = autostartPath(env);
  await writeFile(path, desktopEntry(command), { mode: 0o600 });
  return path;
}

/** The command that restarts the computer; LIFELINE_HELPER_REBOOT_COMMAND replaces it (tests use `true`). */
export function rebootCommand(env: Environment = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LIFELINE_HELPER_REBOOT_COMMAND) return env.LIFELINE_HELPER_REBOOT_COMMAND;
  if (platform === 'win32') return 'shutdown /r /t 0';
  if (platform === 'darwin') return `osascript -e 'tell app "System Events" to restart'`;
  return 'systemctl reboot';
}

/** Runs the reboot command through the shell; rejects with its output when it fails. */
export function runReboot(command: string, env: Environment = process.env): Promise<void> {
  const [shell, flag] = process.platform === 'win32' ? ['cmd.exe', '/c'] : ['/bin/sh', '-c'];
  return new Promise((resolve, reject) => {
    execFile(shell, [flag, command], { env: { ...env } as NodeJS.ProcessEnv, timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${error.message.split('\n')[0]} ${String(stderr).trim()}`.slice(0, 400)));
      else resolve();
    });
  });
}
