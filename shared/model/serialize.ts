/**
 * Stable, diffable serialisation: keys in schema order (the schema builds every object in the
 * order of its shape), two-space indentation, a final newline. Equal documents give equal bytes.
 */
import { JourneyMapShapeSchema } from './schema';
import type { JourneyMap } from './types';

export function serializeDocument(doc: JourneyMap): string {
  const canonical = JourneyMapShapeSchema.parse(doc);
  return `${JSON.stringify(canonical, null, 2)}\n`;
}
