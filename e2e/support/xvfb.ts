import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XvfbOptions {
  /**
   * Runs a window manager (openbox) on the display, as on a customer's desktop: it gives the keyboard to the
   * window that was clicked. Without one, which window gets the keys depends on which browser last asked for them.
   */
  windowManager?: boolean;
}

/** An X display of its own for a headful browser: the only way to capture a real screen here. */
export async function startXvfb(width = 1280, height = 720, options: XvfbOptions = {}): Promise<{ display: string; stop: () => void }> {
  for (let number = 90 + Math.floor(Math.random() * 100); number < 400; number++) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const child: ChildProcess = spawn('Xvfb', [`:${number}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (existsSync(`/tmp/.X11-unix/X${number}`)) {
        const display = `:${number}`;
        const manager = options.windowManager ? await startWindowManager(display) : null;
        return {
          display,
          stop: () => {
            manager?.kill();
            child.kill();
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill();
  }
  throw new Error('Could not start Xvfb');
}

async function startWindowManager(display: string): Promise<ChildProcess> {
  const manager = spawn('openbox', ['--sm-disable'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  // Windows mapped before the manager runs are not managed: wait until it has announced itself on the root window.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && manager.exitCode === null) {
    if (await managed(display)) return manager;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  manager.kill();
  throw new Error('openbox did not start on the test display');
}

function managed(display: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env: { ...process.env, DISPLAY: display }, timeout: 5_000 }, (error, stdout) =>
      resolve(!error && /window id/.test(stdout)),
    );
  });
}
