let audio: AudioContext | null = null;

/**
 * Short soft notes made on the spot (no sound file): the console's "a customer waits" and the customer's "news
 * while you looked away". One audio context for the page, created at the first chime; browsers let it play once
 * the person has clicked in the page.
 */
export function playChime(frequencies: readonly number[]): void {
  const context = audioContext();
  if (!context) return;
  void context.resume().catch(() => undefined);
  const start = context.currentTime + 0.02;
  frequencies.forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    const at = start + i * 0.18;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.18);
  });
}

/** Creates the page's audio context inside a click (a user gesture), so a later chime may play. */
export function unlockChime(): void {
  audioContext();
}

function audioContext(): AudioContext | null {
  const Context = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Context) return null;
  audio ??= new Context();
  return audio;
}
