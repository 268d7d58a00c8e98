/**
 * The victim of the kill test (tests/kill/run.ts): saves maps to one file in a loop with the
 * app's own `atomicWriteFile` until it is killed.
 *
 *   node writer.cjs <target> <pool-dir> <first-index>
 *
 * The pool folder holds the serialised maps (templates and generated maps of 10…1500 steps,
 * written once by the parent); save number i writes pool[i mod K], so each save replaces the
 * file with a different map of a different size. Before each save it prints `saving <i>`, after
 * it `saved <i>`. Writes to a pipe are synchronous on Linux and macOS, so whatever the parent
 * has read when the process dies is exactly what happened: the file holds the content of the last
 * `saved` (old) or of the last `saving` (new), nothing else.
 *
 * Run as plain node on a bundle the parent builds with esbuild (a tsx start costs ~10× more).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile } from '../../electron/files';

async function main(): Promise<void> {
  const [target, poolDir, first] = process.argv.slice(2);
  if (target === undefined || poolDir === undefined || first === undefined) {
    process.stderr.write('usage: writer <target> <pool-dir> <first-index>\n');
    process.exit(2);
  }
  const pool = readdirSync(poolDir)
    .filter((name) => name.endsWith('.cjm'))
    .sort()
    .map((name) => readFileSync(path.join(poolDir, name)));
  if (pool.length < 2) throw new Error(`the pool needs at least two maps, found ${pool.length}`);
  for (let i = Number(first); ; i++) {
    process.stdout.write(`saving ${i}\n`);
    await atomicWriteFile(target, pool[i % pool.length] as Buffer);
    process.stdout.write(`saved ${i}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`writer failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
