import { type AvroCodec, HeaderNames } from '@shelfstream/kafka';
import { type DlqEntry, dlqPosition } from './dlq-entry.js';
import { hexPreview } from './dlq-format.js';

/** Bytes fields longer than this are summarised in `dlq show` instead of printed. */
const MAX_INLINE_BYTES = 64;

/**
 * Everything of one dead letter for `dlq show`: position, every DeadLetter field, the DLQ record's headers, the
 * original headers, and the original value decoded with the reader schema of the topic it was meant for
 * (`x-origin-topic` first: retry topics have no schema), else a hex preview.
 */
export async function describeDeadLetter(entry: DlqEntry, codec: AvroCodec): Promise<string> {
  const lines = [
    `dead letter ${dlqPosition(entry)} (key ${entry.key ?? '-'}, written ${new Date(entry.timestamp).toISOString()})`,
  ];
  const letter = entry.letter;
  if (!letter) {
    lines.push(`value does not decode as a DeadLetter: ${entry.decodeError ?? 'unknown'}`);
    return lines.join('\n');
  }
  const { original_value: value, original_headers: originalHeaders, error_stack: stack, ...fields } = letter;
  for (const [name, v] of Object.entries(fields)) {
    const shown =
      name.endsWith('_at') && typeof v === 'number' ? `${new Date(v).toISOString()} (${v})` : String(v);
    lines.push(`  ${name.padEnd(20)} ${shown}`);
  }
  lines.push('record headers:');
  for (const [name, v] of Object.entries(entry.headers)) lines.push(`  ${name}: ${v}`);
  lines.push('original headers:');
  for (const [name, v] of Object.entries(originalHeaders)) lines.push(`  ${name}: ${v}`);
  const readerTopic = originalHeaders[HeaderNames.originTopic] || letter.original_topic;
  lines.push(`original value (${value.length} bytes):`);
  const decoded = await tryDecode(codec, value, readerTopic);
  if (decoded.ok) {
    lines.push(`  decoded with the schema of ${readerTopic}:`);
    lines.push(indent(JSON.stringify(decoded.value, bytesReplacer, 2)));
  } else {
    lines.push(`  does not decode (${decoded.why}); hex preview:`);
    lines.push(indent(hexPreview(value)));
  }
  if (stack) lines.push('error stack:', indent(stack));
  return lines.join('\n');
}

async function tryDecode(
  codec: AvroCodec,
  value: Buffer,
  topic: string,
): Promise<{ ok: true; value: unknown } | { ok: false; why: string }> {
  try {
    codec.schemaFor(topic);
  } catch {
    return { ok: false, why: `no schema is bound to ${topic}` };
  }
  try {
    return { ok: true, value: await codec.decode(value, topic) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, why: typeof code === 'string' ? code : String(err) };
  }
}

function bytesReplacer(_key: string, v: unknown): unknown {
  // JSON.stringify calls toJSON first: Buffers arrive as { type: 'Buffer', data: [...] }.
  if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer') {
    const data = (v as { data: number[] }).data;
    return data.length > MAX_INLINE_BYTES
      ? `<${data.length} bytes>`
      : `<hex ${Buffer.from(data).toString('hex')}>`;
  }
  return v;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
