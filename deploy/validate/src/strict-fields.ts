import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { toModelModule } from './kube-models.js';
import { describeManifest, type Manifest } from './load-manifests.js';

/** One unknown or mistyped field, found by the TypeScript checker. */
export interface FieldProblem {
  manifest: Manifest;
  message: string;
}

const VIRTUAL_FILE = join(dirname(fileURLToPath(import.meta.url)), '__rendered_manifests__.ts');

/**
 * Builds the TypeScript source that assigns each manifest, as an object literal, to its model's
 * interface (`const m0: IDeployment = {...}`), and the line where each manifest starts.
 */
export function toTypedSource(manifests: readonly Manifest[]): { source: string; startLines: number[] } {
  const lines: string[] = [];
  const startLines: number[] = [];
  manifests.forEach((m, i) => {
    lines.push(`import type { I${m.kind} as T${i} } from '${toModelModule(m.apiVersion)}/${m.kind}';`);
  });
  manifests.forEach((m, i) => {
    startLines.push(lines.length);
    const literal = JSON.stringify(m.body, null, 1).split('\n');
    lines.push(`export const m${i}: T${i} = ${literal[0]}`, ...literal.slice(1));
    lines[lines.length - 1] += ';';
  });
  return { source: `${lines.join('\n')}\n`, startLines };
}

/**
 * Finds fields the pinned schemas do not define, and values of the wrong type, by type-checking every
 * manifest against its kubernetes-models interface. The JSON schemas those packages ship do not set
 * additionalProperties: false, so a misspelt field (`replicass`) passes them; TypeScript's
 * excess-property check on object literals catches it at any depth (what kubeconform -strict does).
 */
export function findFieldProblems(manifests: readonly Manifest[]): FieldProblem[] {
  if (manifests.length === 0) return [];
  const { source, startLines } = toTypedSource(manifests);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) =>
    name === VIRTUAL_FILE
      ? ts.createSourceFile(name, source, lang, true)
      : getSourceFile.call(host, name, lang, ...rest);
  host.fileExists = (name) => name === VIRTUAL_FILE || fileExists.call(host, name);
  host.readFile = (name) => (name === VIRTUAL_FILE ? source : readFile.call(host, name));
  const program = ts.createProgram([VIRTUAL_FILE], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0] ?? '';
    let index = 0;
    if (d.file?.fileName === VIRTUAL_FILE && d.start !== undefined) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      while (index + 1 < startLines.length && (startLines[index + 1] ?? Infinity) <= line) index++;
      const path = jsonPathAt(d.file.text, d.start);
      return { manifest: manifests[index] as Manifest, message: path ? `${path}: ${message}` : message };
    }
    return { manifest: manifests[index] as Manifest, message };
  });
}

/** Best-effort JSON path of the property at `pos` in the generated source, for readable reports. */
function jsonPathAt(text: string, pos: number): string {
  const stack: string[] = [];
  let lastKey = '';
  let inString = false;
  let current = '';
  const start = text.lastIndexOf('export const m', pos);
  for (let i = text.indexOf('=', start) + 1; i < pos; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else current += c;
      continue;
    }
    if (c === '"') {
      inString = true;
      current = '';
    } else if (c === ':') lastKey = current;
    else if (c === '{' || c === '[') {
      stack.push(lastKey);
      lastKey = '';
    } else if (c === '}' || c === ']') stack.pop();
  }
  return stack.filter((k) => k !== '').join('.');
}

/** Report line for a problem. */
export function describeFieldProblem(p: FieldProblem): string {
  return `${describeManifest(p.manifest)}: ${p.message}`;
}
