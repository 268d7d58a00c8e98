/** `npm run schema`: regenerates shared/model/journey-map.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaText } from './json-schema';

const target = fileURLToPath(new URL('./journey-map.schema.json', import.meta.url));
writeFileSync(target, jsonSchemaText());
process.stdout.write(`Wrote ${target}\n`);
