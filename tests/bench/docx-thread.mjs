// Starts the benchmark's report thread (docx-thread.ts) able to load TypeScript: on Node 20 the
// hooks tsx puts on the main thread do not reach worker threads.
import { register } from 'tsx/esm/api';

register();
await import('./docx-thread.ts');
