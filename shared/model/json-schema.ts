/**
 * The published JSON Schema of a `.cjm` file, generated from the zod schema (the file's input
 * form: fields with defaults are optional). `npm run schema` writes it to
 * shared/model/journey-map.schema.json; a test keeps the committed file equal to this output.
 */
import { z } from 'zod';
import { CURRENT_VERSION, FORMAT, JourneyMapShapeSchema } from './schema';

export const JSON_SCHEMA_ID = `urn:marshrut:schema:journey-map:${CURRENT_VERSION}`;

export function buildJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(JourneyMapShapeSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema,
    $id: JSON_SCHEMA_ID,
    title: 'Marshrut journey map',
    description:
      `A journey map of a state service saved by Marshrut (Маршрут): "format": "${FORMAT}", "version": ${CURRENT_VERSION}. ` +
      'Fields with defaults may be omitted. Ids must be unique across the document and every reference must point to an ' +
      'existing element; the app checks that, this schema does not.',
    ...generated,
  };
}

/** The schema file's exact text: two-space indentation and a final newline, like a map file. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
