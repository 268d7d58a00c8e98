/**
 * File-format migrations. Each migration takes the raw JSON of version `from` and returns the
 * raw JSON of version `from + 1`; restore() runs them in order before validating.
 *  1 → 2: workshop data — comment threads, voting rounds (and the votes they write on pain points
 *         and opportunities), baselines. A version-1 app refuses a version-2 file by name
 *         instead of silently dropping these when it saves.
 */
import { CURRENT_VERSION } from './schema';

export type RawDocument = Record<string, unknown>;

export interface Migration {
  /** The version this migration upgrades from; it produces `from + 1`. */
  from: number;
  /** What changed, for the upgrade command's report. */
  description: string;
  up(doc: RawDocument): RawDocument;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    description: 'workshop data: comment threads, voting rounds, baselines',
    up: (doc) => ({
      ...doc,
      threads: Array.isArray(doc.threads) ? doc.threads : [],
      votingRounds: Array.isArray(doc.votingRounds) ? doc.votingRounds : [],
      baselines: Array.isArray(doc.baselines) ? doc.baselines : [],
    }),
  },
];

/**
 * A short, printable form of any value from a file, for messages. Never throws: `String()` does
 * for a parsed object such as `{"toString": 1}`, which a hostile file can contain.
 */
export function displayValue(value: unknown, max = 60): string {
  let text: string;
  try {
    if (typeof value === 'string') text = value;
    else if (value === undefined) text = '';
    else if (typeof value === 'object' && value !== null) text = JSON.stringify(value) ?? '';
    else text = String(value);
  } catch {
    text = '?';
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'newer-version' | 'missing-migration' | 'bad-version',
    readonly version: unknown,
  ) {
    super(`${code}: ${displayValue(version)}`);
  }
}

/**
 * Brings a raw document up to `target` (the current version by default). Returns the document
 * unchanged when it is already there; throws MigrationError for a newer or unknown version.
 */
export function migrate(
  doc: RawDocument,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = CURRENT_VERSION,
): { doc: RawDocument; applied: Migration[] } {
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new MigrationError('bad-version', version);
  }
  if (version > target) throw new MigrationError('newer-version', version);
  let current = doc;
  const applied: Migration[] = [];
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new MigrationError('missing-migration', v);
    current = { ...step.up(current), version: v + 1 };
    applied.push(step);
  }
  return { doc: current, applied };
}
