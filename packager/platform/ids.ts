import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 20 characters of base62: 119 bits of randomness, safe in URLs and object keys (matches ASSET_ID_PATTERN). */
export function newAssetId(): string {
  let id = '';
  for (let index = 0; index < 20; index++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
