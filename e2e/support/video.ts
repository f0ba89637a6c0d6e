import type { Page } from 'puppeteer-core';

export interface DecodedFrames {
  frames: number;
  width: number;
  height: number;
  /** Share of sampled pixels, over all counted frames, within `tolerance` of the target colour. */
  matching: number;
}

/**
 * What the technician actually sees: counts frames decoded by the `remote-screen` video
 * (requestVideoFrameCallback) for `durationMs`, and draws each into a small canvas to measure how much of it is
 * the expected colour.
 */
export async function watchRemoteScreen(
  page: Page,
  target: [number, number, number],
  durationMs = 2000,
  tolerance = 60,
): Promise<DecodedFrames> {
  await page.waitForSelector('[data-testid="remote-screen"]', { timeout: 30_000 });
  return page.evaluate(
    async (target, durationMs, tolerance) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-screen"]')!;
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 36;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      let frames = 0;
      let matching = 0;
      let sampled = 0;
      await new Promise<void>((resolve) => {
        const started = performance.now();
        const onFrame = () => {
          frames++;
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < data.length; i += 4) {
            sampled++;
            const distance = Math.abs(data[i] - target[0]) + Math.abs(data[i + 1] - target[1]) + Math.abs(data[i + 2] - target[2]);
            if (distance <= tolerance) matching++;
          }
          if (performance.now() - started < durationMs) video.requestVideoFrameCallback(onFrame);
          else resolve();
        };
        video.requestVideoFrameCallback(onFrame);
        // No frame at all within the window plus a margin: report zero rather than hang.
        setTimeout(resolve, durationMs + 5000);
      });
      return { frames, width: video.videoWidth, height: video.videoHeight, matching: sampled ? matching / sampled : 0 };
    },
    target,
    durationMs,
    tolerance,
  );
}
