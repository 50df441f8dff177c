/** What every process gives every component: a structured logger and a clock. */

// ---------------------------------------------------------------------------------------------------------
// Platform

/** The pino-compatible subset the core uses: static messages, variables in the object. */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  nowMs(): number;
}
