import { describe, expect, it } from 'vitest';
import { turnCredential } from './credentials';

describe('TURN REST credentials', () => {
  it('the username is the expiry in Unix seconds, a colon and the session id', () => {
    const credential = turnCredential('secret', 'abc', 1_700_000_000_000);
    expect(credential.username).toBe('1700000000:abc');
    expect(credential.expiresAt).toBe(1_700_000_000_000);
  });

  it('rounds a millisecond expiry down to whole seconds', () => {
    expect(turnCredential('secret', 'abc', 1_700_000_000_999).username).toBe('1700000000:abc');
  });

  // Vectors computed independently with the openssl CLI:
  //   printf '%s' '1700000000:abc' | openssl dgst -sha1 -hmac 'secret' -binary | base64
  it('the password is base64(HMAC-SHA1(secret, username)), as coturn computes it', () => {
    expect(turnCredential('secret', 'abc', 1_700_000_000_000).credential).toBe('JHgegmW+/B84iarkT5SFAOC1Iqw=');
    expect(turnCredential('lifeline-turn-shared-secret', 'abcdefghijklmnopqrstuvwx', 1_700_000_000_500).credential).toBe(
      'AN0hpYX6Jg7OPpPbLOLcIBQDpj8=',
    );
  });

  it('a different secret, session or expiry gives a different password', () => {
    const base = turnCredential('secret', 'abc', 1_700_000_000_000).credential;
    expect(turnCredential('secret2', 'abc', 1_700_000_000_000).credential).not.toBe(base);
    expect(turnCredential('secret', 'abd', 1_700_000_000_000).credential).not.toBe(base);
    expect(turnCredential('secret', 'abc', 1_700_000_001_000).credential).not.toBe(base);
  });
});
