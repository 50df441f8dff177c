/** A value that survives JSON.stringify / JSON.parse unchanged: what publishers may store as passthrough. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
