import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** An X display of its own for a headful browser: the only way to capture a real screen here. */
export async function startXvfb(width = 1280, height = 720): Promise<{ display: string; stop: () => void }> {
  for (let number = 90 + Math.floor(Math.random() * 100); number < 400; number++) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const child: ChildProcess = spawn('Xvfb', [`:${number}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (existsSync(`/tmp/.X11-unix/X${number}`)) return { display: `:${number}`, stop: () => child.kill() };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill();
  }
  throw new Error('Could not start Xvfb');
}
