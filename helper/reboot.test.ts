import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autostartPath, desktopEntry, ownCommand, quoteExecArgument, rebootCommand, startupScript, writeAutostart } from './reboot';

const home = mkdtempSync(join(tmpdir(), 'reboot-test-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('reboot and reconnect', () => {
  it('starts the single executable, or node with the bundle, with the same pairing', () => {
    expect(ownCommand('abc_-1', { execPath: '/home/ada/Downloads/lifeline-helper', script: null })).toEqual(['/home/ada/Downloads/lifeline-helper', '--pairing', 'abc_-1']);
    expect(ownCommand('abc', { execPath: '/usr/bin/node', script: '/opt/helper.cjs' })).toEqual(['/usr/bin/node', '/opt/helper.cjs', '--pairing', 'abc']);
  });

  it('quotes Exec arguments as the Desktop Entry Specification asks', () => {
    expect(quoteExecArgument('/usr/bin/helper')).toBe('/usr/bin/helper');
    expect(quoteExecArgument('/home/ada/My Downloads/helper')).toBe('"/home/ada/My Downloads/helper"');
    expect(quoteExecArgument('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
    expect(quoteExecArgument('100%')).toBe('100%%');
    // In the file, string escaping doubles every backslash once more.
    expect(desktopEntry(['/a b/helper', 'x\\y'])).toContain('Exec="/a b/helper" "x\\\\\\\\y"\n');
  });

  it('writes a private autostart entry under XDG_CONFIG_HOME', async () => {
    const path = await writeAutostart(['/opt/lifeline helper', '--pairing', 'eyJ2IjoxfQ'], { XDG_CONFIG_HOME: join(home, 'config') }, 'linux');
    expect(path).toBe(join(home, 'config', 'autostart', 'lifeline-helper.desktop'));
    expect(readFileSync(path, 'utf8')).toContain('Exec="/opt/lifeline helper" --pairing eyJ2IjoxfQ\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses where it cannot register a restart yet', async () => {
    await expect(writeAutostart(['x'], { HOME: home }, 'darwin')).rejects.toThrow(/not supported/);
  });

  it('on Windows, writes a batch file for the Startup folder that starts the helper detached, every argument quoted', () => {
    expect(autostartPath({ APPDATA: 'C:\\Users\\Ada\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\Ada\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\lifeline-helper.cmd');
    const script = startupScript(['C:\\Users\\Ada\\Downloads\\100% lifeline-helper-abcdef.exe', '--pairing', 'eyJ2IjoxfQ']);
    expect(script.split('\r\n')).toEqual([
      '@echo off',
      'chcp 65001 >nul',
      'rem Lifeline Helper: reconnects the remote support session after a restart; removed when the session ends',
      'start "" "C:\\Users\\Ada\\Downloads\\100%% lifeline-helper-abcdef.exe" "--pairing" "eyJ2IjoxfQ"',
      '',
    ]);
    expect(() => startupScript(['a"b'])).toThrow(/cannot quote/);
  });

  it('lets a test replace the reboot command', () => {
    expect(rebootCommand({}, 'linux')).toBe('systemctl reboot');
    expect(rebootCommand({ LIFELINE_HELPER_REBOOT_COMMAND: 'true' }, 'linux')).toBe('true');
  });
});
