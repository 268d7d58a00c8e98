/**
 * The command line of the app: what the user passed (without the Electron executable and, in
 * development, the app folder), and the map file named in it, if any.
 */
import path from 'node:path';
import { MAP_FILE_EXTENSION } from '../shared/ipc';

/**
 * `process.argv` without the executable (and, when running unpackaged as `electron .`, the
 * app path that follows it).
 */
export function userArgs(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2);
}

/** The first `.cjm` argument, resolved against `cwd`; switches (Chromium adds some) are skipped. */
export function findMapFileArg(args: readonly string[], cwd: string): string | null {
  for (const arg of args) {
    if (arg === '' || arg.startsWith('-')) continue;
    if (path.extname(arg).toLowerCase() === `.${MAP_FILE_EXTENSION}`) return path.resolve(cwd, arg);
  }
  return null;
}
