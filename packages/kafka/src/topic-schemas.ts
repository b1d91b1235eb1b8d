import { loadSchemaFile, namespacedCatalogue, type TopicSpec } from '@shelfstream/contracts';
import type { AvroSchemaJson } from './avro-codec.js';

/**
 * Topic -> value schema for every catalogue topic that has one (retry topics carry their input's bytes and have
 * none). This is what the codec binds and what provisioning registers under `<topic>-value`.
 */
export function catalogueTopicSchemas(
  catalogue: readonly TopicSpec[] = namespacedCatalogue(),
): Map<string, AvroSchemaJson> {
  const schemas = new Map<string, AvroSchemaJson>();
  for (const spec of catalogue) {
    if (spec.valueRecord)
      schemas.set(spec.name, loadSchemaFile(spec.valueRecord) as unknown as AvroSchemaJson);
  }
  return schemas;
}
