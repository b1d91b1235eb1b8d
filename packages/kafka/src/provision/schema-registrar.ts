import { COMPATIBILITY, type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

/** One subject to register. */
export interface SubjectSchema {
  readonly subject: string;
  readonly schema: Record<string, unknown>;
}

/** The registry id of each registered subject. */
export interface RegisteredSubject {
  readonly subject: string;
  readonly id: number;
}

/**
 * Registers schemas with BACKWARD compatibility per subject.
 *
 * Apicurio's Confluent API answers `GET /config/{subject}` with the global level where Confluent answers 404, and
 * `register()` of @kafkajs/confluent-schema-registry throws when that level is not the one it expects. So the
 * global level and each subject's level are set to BACKWARD first (PITFALLS.md). Re-registering identical content
 * returns the existing id: provisioning is idempotent.
 */
export async function registerSchemas(
  registry: SchemaRegistry,
  registryUrl: string,
  subjects: readonly SubjectSchema[],
  options: { auth?: { username: string; password: string }; fetchImpl?: typeof fetch } = {},
): Promise<RegisteredSubject[]> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
  if (options.auth) {
    headers['authorization'] =
      `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  }
  await putCompatibility(fetchImpl, `${registryUrl}/config`, headers);
  const results: RegisteredSubject[] = [];
  for (const { subject, schema } of subjects) {
    await putCompatibility(fetchImpl, `${registryUrl}/config/${encodeURIComponent(subject)}`, headers);
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: COMPATIBILITY.BACKWARD },
    );
    results.push({ subject, id });
  }
  return results;
}

async function putCompatibility(
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  const response = await fetchImpl(url, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ compatibility: 'BACKWARD' }),
  });
  if (!response.ok) {
    throw new Error(
      `setting BACKWARD compatibility at ${url} failed: ${response.status} ${await response.text()}`,
    );
  }
}
