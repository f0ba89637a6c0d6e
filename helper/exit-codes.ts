/** How the helper exits, for whoever starts it (the customer's shell, an autostart entry, tests). */
export const ExitCode = {
  /** The session ended, or the customer stopped the helper. */
  ended: 0,
  /** It cannot run here (no display, no injector, bad arguments). */
  cannotRun: 1,
  /** The server refused its pairing: spent, closed, unknown, or too old a helper. */
  refused: 2,
} as const;
