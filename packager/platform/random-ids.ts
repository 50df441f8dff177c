import { randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random base62 characters (5.95 bits each), from the CSPRNG. */
export function randomBase62(length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += BASE62[randomInt(BASE62.length)];
  return text;
}

/** Ids of publisher-API objects: a type prefix and 20 random base62 characters (`evt_…`, `wh_…`, `up_…`). */
export function newPrefixedId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
