import { apicurioComponent } from './apicurio.js';
import type { ProcessComponent, ProcessComponentName } from './component.js';
import type { StackConfig } from './config.js';
import { kafkaComponent } from './kafka.js';
import { s3proxyComponent } from './s3proxy.js';
import type { StackPaths } from './stack-paths.js';

/** The Java processes of the stack, by name. */
export function processComponents(
  config: StackConfig,
  paths: StackPaths,
): Readonly<Record<ProcessComponentName, ProcessComponent>> {
  return {
    kafka: kafkaComponent(config, paths),
    s3proxy: s3proxyComponent(config, paths),
    apicurio: apicurioComponent(config, paths),
  };
}

/** The text every command line of this stack's processes contains: its state dir plus a separator. */
export function ownerToken(paths: StackPaths): string {
  return `${paths.root}/`;
}
