import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadStackConfig } from './config.js';
import { renderS3ProxyLogback, renderS3ProxyProperties } from './s3proxy.js';

it('configures S3Proxy with signed requests and the filesystem store under the state dir', () => {
  const config = loadStackConfig(
    { STACK_S3_IDENTITY: 'me', STACK_S3_CREDENTIAL: 'pw' },
    { repoRoot: '/repo' },
  );
  const text = renderS3ProxyProperties(config, '/state/s3proxy/data');
  assert.match(text, /^s3proxy\.endpoint=http:\/\/127\.0\.0\.1:18090$/m);
  assert.match(text, /^s3proxy\.authorization=aws-v2-or-v4$/m);
  assert.match(text, /^s3proxy\.identity=me$/m);
  assert.match(text, /^s3proxy\.credential=pw$/m);
  assert.match(text, /^jclouds\.provider=filesystem$/m);
  assert.match(text, /^jclouds\.filesystem\.basedir=\/state\/s3proxy\/data$/m);
});

it('keeps S3Proxy logging at INFO with Jetty at WARN (logback alone defaults to DEBUG)', () => {
  const xml = renderS3ProxyLogback();
  assert.match(xml, /<root level="INFO">/);
  assert.match(xml, /<logger name="org.gaul.shaded.org.eclipse.jetty" level="WARN"\/>/);
});
