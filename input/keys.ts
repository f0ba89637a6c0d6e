import type { Modifiers } from '../protocol/input';

/**
 * How an executor should carry out a key: as the character it produced on the technician's keyboard (text, so
 * a French customer's layout does not turn "@" into something else), or as the physical key (Enter, arrows,
 * and every shortcut: Ctrl+C means the C key whatever letter the layouts put there).
 */
export function keyIntent(key: string, modifiers: Modifiers): 'text' | 'key' {
  const printable = [...key].length === 1;
  return printable && !modifiers.ctrl && !modifiers.alt && !modifiers.meta ? 'text' : 'key';
}

/**
 * The modifiers a key event carries, as the executors should read them. AltGr picks a character on the
 * technician's layout ("@" is AltGr+Q on a German keyboard, AltGr+2 on a French one); Windows reports it as
 * Ctrl+Alt, which would turn that character into a shortcut. With AltGr down, Ctrl and Alt are not the
 * technician's: the character is typed as text (the executors release held modifiers while they type it).
 */
export function keyModifiers(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'getModifierState'>): Modifiers {
  const altGraph = event.getModifierState('AltGraph');
  return { alt: event.altKey && !altGraph, ctrl: event.ctrlKey && !altGraph, meta: event.metaKey, shift: event.shiftKey };
}

const NAMED: Record<string, string> = {
  Enter: 'Return', NumpadEnter: 'KP_Enter', Escape: 'Escape', Backspace: 'BackSpace', Tab: 'Tab', Space: 'space',
  ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down', Home: 'Home', End: 'End', PageUp: 'Prior', PageDown: 'Next',
  Insert: 'Insert', Delete: 'Delete', ShiftLeft: 'Shift_L', ShiftRight: 'Shift_R', ControlLeft: 'Control_L', ControlRight: 'Control_R',
  AltLeft: 'Alt_L', AltRight: 'Alt_R', MetaLeft: 'Super_L', MetaRight: 'Super_R', OSLeft: 'Super_L', OSRight: 'Super_R', CapsLock: 'Caps_Lock',
  NumLock: 'Num_Lock', ScrollLock: 'Scroll_Lock', Pause: 'Pause', PrintScreen: 'Print', ContextMenu: 'Menu',
  Minus: 'minus', Equal: 'equal', BracketLeft: 'bracketleft', BracketRight: 'bracketright', Backslash: 'backslash', IntlBackslash: 'less',
  Semicolon: 'semicolon', Quote: 'apostrophe', Backquote: 'grave', Comma: 'comma', Period: 'period', Slash: 'slash',
  NumpadAdd: 'KP_Add', NumpadSubtract: 'KP_Subtract', NumpadMultiply: 'KP_Multiply', NumpadDivide: 'KP_Divide', NumpadDecimal: 'KP_Decimal', NumpadEqual: 'KP_Equal',
};

/** The X keysym for a physical key (KeyboardEvent.code), as xdotool names it; null for a key X has no name for. */
export function x11Keysym(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1].toLowerCase();
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit) return digit[1];
  const pad = /^Numpad([0-9])$/.exec(code);
  if (pad) return `KP_${pad[1]}`;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return NAMED[code] ?? null;
}

/** The keys pressed, in order, for a combination the browser cannot send itself. */
export const COMBO_KEYS: Record<string, string[]> = {
  'ctrl-alt-delete': ['Control_L', 'Alt_L', 'Delete'],
  'alt-tab': ['Alt_L', 'Tab'],
  'alt-f4': ['Alt_L', 'F4'],
  super: ['Super_L'],
  'ctrl-escape': ['Control_L', 'Escape'],
  'print-screen': ['Print'],
};
