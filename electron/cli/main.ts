/**
 * `npm run cli -- <command>`: the command line from the sources, under tsx, without Electron.
 * Wires argv, stdout/stderr and the exit code to runCli. Nothing here may print a stack trace:
 * every failure, even one while loading the modules, becomes one line on stderr and exit code 1.
 */
export {}; // a module, for top-level await

const line = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return `marshrut: ${text.split('\n')[0] ?? ''}\n`;
};

function fatal(error: unknown): void {
  try {
    process.stderr.write(line(error));
  } catch {
    // stderr is gone; the exit code still tells
  }
  process.exit(1);
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// Output piped into a command that stops reading early (`| head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    fatal(error);
  });
}

try {
  const { runCli } = await import('./run');
  process.exitCode = await runCli(
    process.argv.slice(2),
    {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    },
    {
      // No Electron here: PDF and PNG print with a Chromium driven by Playwright.
      openPrintEngine: async (browser) => {
        const { findChromium, launchPlaywrightEngine } = await import('../print/playwright-engine');
        const found = findChromium(browser);
        if (!found.ok) return found;
        try {
          return { ok: true, engine: await launchPlaywrightEngine(found.path) };
        } catch (error) {
          return { ok: false, detail: `${found.path}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}` };
        }
      },
    },
  );
} catch (error) {
  fatal(error);
}
