/**
 * The short authentication string of a peer connection, as ZRTP and Signal's safety numbers do it: both ends
 * hash the two DTLS certificate fingerprints their connection was set up with and show a few digits of it. A
 * signaling server that sat in the middle (swapping descriptions to run a connection to each end itself) hands
 * each end a different certificate than the other end's, so the two codes differ; the technician reads theirs
 * to the customer, who compares.
 *
 * The fingerprints come from the descriptions each side applied: DTLS refuses a certificate that does not match
 * the fingerprint its description names, so what the description says is what the connection runs with.
 *
 * What it shows: the connection was not set up through someone in the middle of the signaling. It cannot vouch
 * for a server that also rewrites the pages' own code (it could show any digits); that is what the page's origin
 * (the domain the consent page names) is for. Limit: a middle that can make certificates fast enough could try
 * one after another until the two codes match (about a million tries for six digits) while a connection waits;
 * ZRTP's hash commitment closes that, and would be the next step here. Browser and Node (the helper) alike: only
 * Web Crypto.
 */

/** The fingerprints a session description commits to, as "algorithm HEX:HEX…", in upper case, without repeats. */
export function dtlsFingerprints(sdp: string): string[] {
  const found = new Set<string>();
  for (const match of sdp.matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)) found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  return [...found];
}

export const SAS_DIGITS = 6;

/**
 * The code both ends of one connection show, from their local and remote descriptions; null while either lacks
 * a fingerprint. Order does not matter: the two fingerprints are sorted, so each end computes the same code.
 */
export async function shortAuthString(localSdp: string, remoteSdp: string): Promise<string | null> {
  const local = preferred(dtlsFingerprints(localSdp));
  const remote = preferred(dtlsFingerprints(remoteSdp));
  if (!local || !remote) return null;
  const input = ['lifeline-sas-v1', ...[local, remote].sort()].join('\n');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input)));
  // 40 bits of the hash, reduced to the digits shown: the bias of the modulo is below one in a million.
  const value = digest.slice(0, 5).reduce((sum, byte) => sum * 256 + byte, 0) % 10 ** SAS_DIGITS;
  const digits = String(value).padStart(SAS_DIGITS, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** SHA-256 where offered (every current browser), else the first one named. */
function preferred(fingerprints: string[]): string | null {
  return fingerprints.find((f) => f.startsWith('sha-256 ')) ?? fingerprints[0] ?? null;
}
