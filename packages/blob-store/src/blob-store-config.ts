import { type ConfigOf, defineConfig, envUrl } from '@shelfstream/config';
import { z } from 'zod';

/** The store every stage shares when neither `BLOB_STORE_URL` nor `BLOB_STORE_DIR` is set (writable without root). */
export const DEFAULT_BLOB_STORE_URL = 'file:///var/tmp/shelfstream/blobs';

/**
 * The blob-store settings every stage that reads, writes or deletes blobs reads (ingestion, preprocessing, inference,
 * scoring). Spread it into a service's own definition, `defineConfig({ ...blobStoreConfig, ...own })`, and build the
 * store with {@link createBlobStoreFromConfig}.
 */
export const blobStoreConfig = defineConfig({
  blobStoreUrl: {
    env: 'BLOB_STORE_URL',
    // No schema default: an unset URL may be given by the deprecated BLOB_STORE_DIR (see toBlobStoreUrl).
    schema: blobStoreUrlSchema().optional(),
    doc: `claim-check store shared by every stage: file:///abs/folder or s3://bucket/prefix (unset: file://$BLOB_STORE_DIR, else ${DEFAULT_BLOB_STORE_URL})`,
  },
  blobStoreDir: {
    env: 'BLOB_STORE_DIR',
    schema: z.string().startsWith('/', 'must be an absolute folder').optional(),
    doc: 'deprecated (scoring used it before BLOB_STORE_URL): a folder, read as BLOB_STORE_URL=file://<folder>; must agree with BLOB_STORE_URL when both are set',
  },
  s3Endpoint: {
    env: 'S3_ENDPOINT',
    schema: envUrl(['http:', 'https:']).optional(),
    doc: 'S3-compatible endpoint (S3Proxy, MinIO), path-style addressing; unset for AWS',
  },
  s3Region: { env: 'S3_REGION', schema: z.string().min(1).default('us-east-1'), doc: 'S3 region' },
  s3AccessKeyId: {
    env: 'S3_ACCESS_KEY_ID',
    schema: z.string().optional(),
    doc: 'S3 access key id (unset, with S3_SECRET_ACCESS_KEY: the default AWS credential chain)',
  },
  s3SecretAccessKey: {
    env: 'S3_SECRET_ACCESS_KEY',
    schema: z.string().optional(),
    doc: 'S3 secret key (unset, with S3_ACCESS_KEY_ID: the default AWS credential chain)',
  },
});

/** The parsed settings of {@link blobStoreConfig} (a service's config object carries them). */
export type BlobStoreSettings = ConfigOf<typeof blobStoreConfig>;

/** `file:///abs/folder` or `s3://bucket[/prefix]`: one check, so an unparsable value is reported once. */
function blobStoreUrlSchema() {
  return z.string().superRefine((v, ctx) => {
    const url = URL.canParse(v) ? new URL(v) : undefined;
    if (!url) ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
    else if (url.protocol !== 'file:' && url.protocol !== 's3:')
      ctx.addIssue({ code: 'custom', message: 'scheme must be file: or s3:' });
    else if (url.protocol === 's3:' && url.hostname === '')
      ctx.addIssue({ code: 'custom', message: 'an s3:// URL must name a bucket (s3://bucket/prefix)' });
    else if (url.protocol === 'file:' && url.host !== '')
      ctx.addIssue({
        code: 'custom',
        message: 'a file:// URL must be a local absolute folder (file:///folder)',
      });
  });
}
