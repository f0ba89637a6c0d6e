import { describe, expect, it } from 'vitest';
import { typeCommands } from './xdo-injector';

describe('typing text with xdotool', () => {
  it('types US-layout characters in runs, and each other character on a command of its own, slower', () => {
    expect(typeCommands('Grüße @ 4\n')).toEqual([
      'key --clearmodifiers --delay 0 U0047 U0072',
      'key --clearmodifiers --delay 60 U00FC',
      'key --clearmodifiers --delay 60 U00DF',
      'key --clearmodifiers --delay 0 U0065 U0020 U0040 U0020 U0034 Return',
    ]);
  });

  it('refuses control characters it cannot type', () => {
    expect(typeCommands('a\u0007b')).toBeNull();
  });
});
