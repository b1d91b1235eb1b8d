import { apicurioComponent } from './apicurio.js';
import type { ProcessComponent, ProcessComponentName } from './component.js';
import type { StackConfig } from './config.js';
import { kafkaComponent, kafkaNodes } from './kafka.js';
import { s3proxyComponent } from './s3proxy.js';
import type { StackPaths } from './stack-paths.js';

/** The Java processes of the stack, by name: every Kafka node of the config, S3Proxy and Apicurio. */
export function processComponents(
  config: StackConfig,
  paths: StackPaths,
): ReadonlyMap<ProcessComponentName, ProcessComponent> {
  const components = new Map<ProcessComponentName, ProcessComponent>();
  for (const node of kafkaNodes(config, paths))
    components.set(node.name, kafkaComponent(config, paths, node));
  components.set('s3proxy', s3proxyComponent(config, paths));
  components.set('apicurio', apicurioComponent(config, paths));
  return components;
}

/** One component of {@link processComponents}; throws for a name the config has none of (a bug). */
export function componentNamed(
  components: ReadonlyMap<ProcessComponentName, ProcessComponent>,
  name: ProcessComponentName,
): ProcessComponent {
  const component = components.get(name);
  if (!component) throw new Error(`stack: no component ${name}`);
  return component;
}

/** The Kafka nodes' component names of `config` (`kafka`, then `kafka-2` and `kafka-3` in a three-node stack). */
export function kafkaComponentNames(config: StackConfig, paths: StackPaths): ProcessComponentName[] {
  return kafkaNodes(config, paths).map((node) => node.name);
}

/** The text every command line of this stack's processes contains: its state dir plus a separator. */
export function ownerToken(paths: StackPaths): string {
  return `${paths.root}/`;
}
