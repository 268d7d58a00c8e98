import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema, JSON_SCHEMA_ID, jsonSchemaText } from '../../../shared/model/json-schema';
import { readTemplateText } from '../../../templates';

const committed = readFileSync(new URL('../../../shared/model/journey-map.schema.json', import.meta.url), 'utf8');

describe('the published JSON Schema', () => {
  it('is up to date: the committed file equals the generator’s output (run `npm run schema`)', () => {
    expect(committed).toBe(jsonSchemaText());
  });

  it('identifies itself and describes the input form of a file', () => {
    const schema = buildJsonSchema() as Record<string, any>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(JSON_SCHEMA_ID);
    expect(schema.title).toBe('Marshrut journey map');
    expect(schema.required).toEqual(['format', 'version', 'meta']);
    expect(schema.properties.format.const).toBe('marshrut/journey-map');
    expect(schema.properties.version.const).toBe(2);
    // fields with defaults are optional in a file
    expect(schema.properties.steps.items.required).toEqual(['id', 'laneId', 'stageId', 'title']);
    expect(schema.properties.agencies.items.properties.color.default).toBe('#6b7280');
    expect(schema.properties.steps.items.properties.emotion).toMatchObject({ minimum: -2, maximum: 2 });
  });

  it('knows every top-level field of the sample template', () => {
    const schema = buildJsonSchema() as Record<string, any>;
    const sample = JSON.parse(readTemplateText('driving-licence-as-is')!) as Record<string, unknown>;
    for (const key of Object.keys(sample)) expect(schema.properties).toHaveProperty(key);
  });
});
