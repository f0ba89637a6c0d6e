import type { Page } from 'puppeteer-core';

/**
 * Where a point of the customer's shared surface (0..1) shows in the console's `remote-screen`, in the console
 * page's coordinates: the video is letterboxed (object-fit: contain). The point is scrolled into the console's
 * view first, as a technician would scroll to it when the panels above the screen grow.
 */
export async function aimOnRemoteScreen(tech: Page, point: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return tech.evaluate(({ x, y }) => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-screen"]')!;
    const locate = () => {
      const box = video.getBoundingClientRect();
      const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
      const width = video.videoWidth * scale;
      const height = video.videoHeight * scale;
      return { x: box.left + (box.width - width) / 2 + x * width, y: box.top + (box.height - height) / 2 + y * height };
    };
    const at = locate();
    if (at.y < 0 || at.y > window.innerHeight) window.scrollBy({ top: at.y - window.innerHeight / 2, behavior: 'instant' as ScrollBehavior });
    return locate();
  }, point);
}
