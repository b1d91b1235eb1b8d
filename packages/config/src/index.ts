/**
 * Environment configuration, parsed and validated once at start-up, then frozen.
 *
 * @example
 * import { defineConfig, envInt, loadConfig } from '@shelfstream/config';
 * const definition = defineConfig({
 *   httpPort: { env: 'HTTP_PORT', schema: envInt({ min: 0, max: 65535 }).default(9464), doc: 'health/metrics port' },
 * });
 * const config = loadConfig(definition); // throws ConfigError naming every bad variable
 */
export { ConfigError, type ConfigIssue } from './config-error.js';
export { type ConfigDefinition, type ConfigField, type ConfigOf, defineConfig } from './define-config.js';
export { type ConfigRow, configTableMarkdown, describeConfig } from './describe-config.js';
export { envBool, envEnum, envInt, envList, envNumber, envUrl } from './env-schemas.js';
export { type LoadConfigOptions, loadConfig } from './load-config.js';
export { maskUrlPasswords, redactConfigValue } from './redact.js';
