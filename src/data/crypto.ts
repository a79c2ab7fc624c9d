/** WebCrypto for the domain's injected hash functions (the domain stays pure). */
import type { Sha256 } from '../domain/door-chain';
import type { DerivePin } from '../domain/staff';
import { PIN_HASH } from '../domain/staff';

export const sha256: Sha256 = async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource));

export const derivePin: DerivePin = async (pin, salt, iterations) => {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, PIN_HASH.keyBytes * 8);
  return new Uint8Array(bits);
};

export function randomSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(PIN_HASH.saltBytes));
}
