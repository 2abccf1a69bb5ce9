// An exception that escapes a command is a bug in layermake, never the user's fault:
// it is said so, in one line (the stack only with LAYERMAKE_DEBUG), with status 70.
import { EXIT_INTERNAL } from './exit.js';

export function internalErrorMessage(err: unknown): string {
  return `layermake: internal error (this is a bug in layermake, please report it): ${err instanceof Error ? err.message : String(err)}\n`;
}

export function internalError(err: unknown): never {
  process.stderr.write(internalErrorMessage(err));
  if (process.env.LAYERMAKE_DEBUG) process.stderr.write((err instanceof Error ? (err.stack ?? err.message) : String(err)) + '\n');
  process.exit(EXIT_INTERNAL);
}

/** For the whole process: what escapes any command ends here. */
export function catchInternalErrors(): void {
  process.on('uncaughtException', internalError);
  process.on('unhandledRejection', internalError);
}
