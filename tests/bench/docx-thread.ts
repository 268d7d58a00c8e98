/**
 * The app's side of the DOCX export with the map picture, in a thread of its own, for the
 * benchmark's `docx + map picture (app)` row. As the export dialog does in the renderer, it asks
 * for the picture, which the benchmark's main thread captures (in the app, the main process), and
 * builds the report meanwhile (exportDocxWithPicture). Started through docx-thread.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { exportDocxWithPicture, type PictureCapture } from '../../shared/export/docx';
import { serializeDocument, type JourneyMap } from '../../shared/model';
import { BUILT_IN_CATALOGS } from '../../templates/guidance';

/** Messages to the thread: the map to export, an export to run, the picture it asked for. */
export type ToReportThread = { type: 'map'; doc: JourneyMap } | { type: 'run'; now: number } | { type: 'picture'; result: PictureCapture };
/** Messages from it: ready for runs, a picture wanted (the map as the app sends it), the report. */
export type FromReportThread = { type: 'ready' } | { type: 'capture'; content: string } | { type: 'done'; docx: Uint8Array; warning?: string } | { type: 'failed'; error: string };

const port = parentPort;
if (!port) throw new Error('docx-thread runs as a worker thread');
const send = (message: FromReportThread) => port.postMessage(message);

let doc: JourneyMap | undefined;
let picture: ((result: PictureCapture) => void) | undefined;

port.on('message', (message: ToReportThread) => {
  if (message.type === 'map') {
    doc = message.doc;
    send({ type: 'ready' });
  } else if (message.type === 'picture') picture?.(message.result);
  else void run(message.now);
});

async function run(now: number): Promise<void> {
  try {
    if (!doc) throw new Error('no map');
    const map = doc;
    const built = await exportDocxWithPicture(map, { locale: 'ru', catalogs: BUILT_IN_CATALOGS, now: new Date(now) }, (started) => {
      const result = new Promise<PictureCapture>((resolve) => (picture = resolve));
      // As printRequest does: the map goes to the main process as its file's text.
      send({ type: 'capture', content: serializeDocument(map) });
      started();
      return result;
    });
    send({ type: 'done', docx: built.docx, ...(built.warning !== undefined ? { warning: built.warning } : {}) });
  } catch (error) {
    send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
}
