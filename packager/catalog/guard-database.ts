import { translateDatabaseError } from './database-errors.js';

/** Runs one catalog operation, translating driver errors into AppErrors (see translateDatabaseError). */
export async function guardDatabase<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateDatabaseError(error, action);
  }
}

/** The SQLSTATE of a driver error, if it has one (`23505` unique violation, `23503` foreign key). */
export function sqlStateOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}
