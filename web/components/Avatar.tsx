/**
 * A person's face in the product: their picture when they set one, else their initials on a colour drawn from
 * their name (the same name always gets the same colour, so a support lead recognises a colleague at a glance).
 * Used by the console, the account page and the customer's consent page (which is bundled with preact: keep
 * this free of Next and of node modules).
 */
export function Avatar({ name, src, size = 32 }: { name: string; src?: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (src) return <img className="avatar" src={src} alt="" width={size} height={size} style={style} />;
  return (
    <span className="avatar" aria-hidden="true" style={{ ...style, background: `hsl(${hueOf(name)} ${AVATAR_SATURATION}% ${AVATAR_LIGHTNESS}%)` }}>
      {initialsOf(name)}
    </span>
  );
}

/**
 * The initials' background: any hue at this saturation and lightness keeps white letters at 4.5:1 or more (WCAG
 * AA for small text; at 38% yellow-green names fell to 3.5:1). avatar.test.ts checks every hue.
 */
export const AVATAR_SATURATION = 45;
export const AVATAR_LIGHTNESS = 32;

/** "Ada Lovelace" -> "AL"; "cher" -> "C"; blank -> "?". Letters, not bytes: a name may start with an accent or emoji. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = (word: string) => Array.from(word)[0] ?? '';
  const letters = words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1]);
  return letters.toLocaleUpperCase();
}

function hueOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}
