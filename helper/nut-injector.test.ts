import { describe, expect, it } from 'vitest';
import { type Libnut, NutInjector } from './nut-injector';

/** libnut as a log of what it was asked to press and type. */
function fakeLibnut(): { nut: Libnut; calls: string[] } {
  const calls: string[] = [];
  const nut: Libnut = {
    setMouseDelay: () => undefined,
    setKeyboardDelay: () => undefined,
    moveMouse: () => undefined,
    mouseToggle: () => undefined,
    scrollMouse: () => undefined,
    keyToggle: (key, down, modifiers) => void calls.push(`${down} ${modifiers.join('+')}${modifiers.length ? '+' : ''}${key}`),
    getMousePos: () => ({ x: 0, y: 0 }),
    getScreenSize: () => ({ width: 800, height: 600 }),
    keyTap: (key) => void calls.push(`tap ${key}`),
    typeString: (text) => void calls.push(`type ${text}`),
  };
  return { nut, calls };
}

describe('libnut\'s text', () => {
  it('on Windows types printable ASCII through the layout (symbols included), and a line break as Enter', async () => {
    const { nut, calls } = fakeLibnut();
    const injector = new NutInjector(nut, true);
    expect(await injector.type('Hello, @user #42 {ok}!\nsecond line')).toBe(true);
    expect(calls).toEqual(['type Hello, @user #42 {ok}!', 'tap enter', 'type second line']);
  });

  it('on Windows refuses what libnut would type wrong (beyond ASCII, control characters), typing nothing', async () => {
    const { nut, calls } = fakeLibnut();
    const injector = new NutInjector(nut, true);
    expect(await injector.type('café')).toBe(false);
    expect(await injector.type('ok 😀')).toBe(false);
    expect(await injector.type('bell\u0007')).toBe(false);
    expect(calls).toEqual([]);
  });

  it('on X11 types letters, digits and spaces key by key (Shift for a capital), and refuses what the layout may lack', async () => {
    const { nut, calls } = fakeLibnut();
    const injector = new NutInjector(nut, false);
    expect(await injector.type('Hi 2')).toBe(true);
    expect(calls).toEqual(['down shift+h', 'up shift+h', 'down i', 'up i', 'down space', 'up space', 'down 2', 'up 2']);
    expect(await injector.type('café')).toBe(false);
  });
});
