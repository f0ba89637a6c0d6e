/**
 * The console's toolbar icons: 20px strokes in the text colour, hidden from screen readers (every button that
 * shows one carries its name in aria-label and title).
 */
const PATHS = {
  fit: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  actual: 'M5 8l2-2v12M12 9.5v.01M12 14.5v.01M17 8l2-2v12',
  fullscreen: 'M3 8V3h5M21 8V3h-5M3 16v5h5M21 16v5h-5M8 8h8v8H8z',
  screenshot: 'M4 7h3l2-3h6l2 3h3v13H4zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
  draw: 'M4 20l4-1L19 8l-3-3L5 16zM14 7l3 3',
  record: 'M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10z',
  stop: 'M7 7h10v10H7z',
  stats: 'M5 20v-5M10 20v-9M15 20V7M20 20V4',
  more: 'M4.5 12h1M11.5 12h1M18.5 12h1',
  control: 'M5 3l14 8-6 1.5L10 19z',
  settings: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .2-1.3-1.3.2-2-3-1-1 2h-1.8l-1-2-3 1 .2 2L6 7.2 4 7 3 10l2 1v2l-2 1 1 3 2-.2 1.3 1.3-.2 2 3 1 1-2h1.8l1 2 3-1-.2-2 1.3-1.3 2 .2 1-3-2-1z',
  collapse: 'M15 5l-7 7 7 7',
  expand: 'M9 5l7 7-7 7',
  keyboard: 'M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M7 14h10',
  plus: 'M12 5v14M5 12h14',
  end: 'M6 6l12 12M18 6L6 18',
  check: 'M5 12l5 5 9-10',
  caret: 'M6 9l6 6 6-6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
