import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { startXvfb as startDisplay } from '../../testing/xvfb';

export interface XvfbOptions {
  /**
   * Runs a window manager (openbox) on the display, as on a customer's desktop: it gives the keyboard to the
   * window that was clicked. Without one, which window gets the keys depends on which browser last asked for them.
   */
  windowManager?: boolean;
}

/**
 * An X display of its own for a headful browser: the only way to capture a real screen here. Xvfb picks a free
 * number itself, so no two tests race for one, and runs with -noreset: by default the server resets when its last
 * client leaves, and a client connecting meanwhile is refused: most likely why openbox once failed to start in CI,
 * right after the xprop that waits for it had left.
 */
export async function startXvfb(width = 1280, height = 720, options: XvfbOptions = {}): Promise<{ display: string; pid: number; stop: () => void }> {
  const display = await startDisplay(`${width}x${height}x24`);
  let manager: ChildProcess | null = null;
  try {
    if (options.windowManager) manager = await startWindowManager(display.name);
  } catch (error) {
    void display.stop();
    throw error;
  }
  return {
    display: display.name,
    pid: display.pid,
    stop: () => {
      manager?.kill();
      void display.stop();
    },
  };
}

async function startWindowManager(display: string): Promise<ChildProcess> {
  const manager = spawn('openbox', ['--sm-disable'], { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  manager.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // Windows mapped before the manager runs are not managed: wait until it has announced itself on the root window.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && manager.exitCode === null) {
    if (await managed(display)) return manager;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  manager.kill();
  throw new Error(`openbox did not start on ${display} (exit ${manager.exitCode}): ${err.slice(-500)}`);
}

function managed(display: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env: { ...process.env, DISPLAY: display }, timeout: 5_000 }, (error, stdout) =>
      resolve(!error && /window id/.test(stdout)),
    );
  });
}
