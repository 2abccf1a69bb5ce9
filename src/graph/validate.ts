// Checks a parsed Layerfile against layerfile.schema.json and turns ajv's errors
// into house-style diagnostics at the YAML node each one is about, in words a
// kernel developer reads without knowing JSON Schema.
import type { ErrorObject } from 'ajv';
import { error, type Diagnostic } from '../diagnostics.js';
import { validate } from './layerfileValidator.js';
import type { JsonSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { keyLocation, valueLocation, type NodePath, type YamlSource } from './yamlSource.js';

export function validateLayerfile(source: YamlSource, value: unknown): Diagnostic[] {
  if (value === null || value === undefined) {
    return [error('the Layerfile is empty: expected a mapping with `layers` (and `images`, `include`, …)', { file: source.file, line: 1, col: 1 }, source.text)];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [error(`the Layerfile must be a mapping with \`layers\` (and \`images\`, \`include\`, …), not ${describeValue(value)}`, valueLocation(source, []), source.text)];
  }
  if (validate(value)) return [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const d = diagnose(source, e);
    if (!d) continue;
    const key = `${d.location?.line}:${d.location?.col}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return diagnostics.sort((a, b) => (a.location!.line - b.location!.line) || (a.location!.col - b.location!.col));
}

function diagnose(source: YamlSource, e: ErrorObject): Diagnostic | undefined {
  const path = parsePointer(e.instancePath);
  const subject = describePath(path);
  const parentSchema = e.parentSchema as JsonSchema | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys(parentSchema?.properties ?? {});
      if (allowed.length === 0) return undefined;
      const where = path.length === 0 ? 'at the top of the Layerfile' : `in ${subject}`;
      return error(
        `unknown key \`${key}\` ${where}${didYouMean(key, allowed)} (allowed: ${allowed.join(', ')})`,
        keyLocation(source, [...path, key]),
        source.text,
      );
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      const about = parentSchema?.properties?.[key]?.description;
      return error(`${subject} needs \`${key}\`${about ? `: ${lowerFirst(about)}` : ''}`, keyLocation(source, path), source.text);
    }
    case 'type': {
      const expected = expectedType(e);
      return error(`${subject} must be ${expected}, not ${describeValue(e.data)}`, valueLocation(source, path), source.text);
    }
    case 'pattern': {
      // A bad map key (a layer, program or image name) is reported at the key itself.
      const name = (e as ErrorObject & { propertyName?: string }).propertyName;
      if (name !== undefined) {
        return error(`${JSON.stringify(name)} is not a valid ${kindOfName(path)} name: expected ${patternMeaning(e.params.pattern)}`, keyLocation(source, [...path, name]), source.text);
      }
      return error(`${subject} is ${JSON.stringify(e.data)}: expected ${patternMeaning(e.params.pattern)}`, valueLocation(source, path), source.text);
    }
    case 'const':
      return error(`${subject} must be ${JSON.stringify(e.params.allowedValue)}, not ${JSON.stringify(e.data)}`, valueLocation(source, path), source.text);
    case 'minItems':
      return error(`${subject} must list at least ${e.params.limit} ${e.params.limit === 1 ? 'entry' : 'entries'}`, valueLocation(source, path), source.text);
    case 'minLength':
      return error(`${subject} must not be empty`, valueLocation(source, path), source.text);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return error(`${subject} must be ${e.params.comparison} ${e.params.limit}, not ${JSON.stringify(e.data)}`, valueLocation(source, path), source.text);
    case 'propertyNames':
    case 'if':
      // Summaries of errors already reported by their inner keyword.
      return undefined;
    default:
      return error(`${subject}: ${e.message ?? 'is not valid'}`, valueLocation(source, path), source.text);
  }
}

function parsePointer(pointer: string): NodePath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

const ENTITIES: Record<string, string> = { layers: 'layer', programs: 'program', images: 'image' };

/** "`underlay` of layer 'MALInit'", "image 'tower'", "`include[2]`". */
export function describePath(path: NodePath): string {
  if (path.length === 0) return 'the Layerfile';
  const entity = ENTITIES[String(path[0])];
  if (entity && path.length >= 2) {
    const rest = dotted(path.slice(2));
    const name = `${entity} '${path[1]}'`;
    return rest ? `\`${rest}\` of ${name}` : name;
  }
  return `\`${dotted(path)}\``;
}

function dotted(path: NodePath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

function kindOfName(path: NodePath): string {
  return ENTITIES[String(path[0])] ?? 'key';
}

const PATTERNS: Record<string, string> = {
  '^[A-Za-z_][A-Za-z0-9_]*$': 'a C identifier (letters, digits and _, not starting with a digit)',
  '^[A-Za-z0-9_][A-Za-z0-9_.-]*$': 'letters, digits, _, - and . (not starting with - or .)',
  '\\.(c|S|s)$': 'a C (.c) or assembly (.S, .s) source file',
  '^[0-9]+[KMG]?$': 'a size in bytes or with K, M or G (e.g. 128M)',
};

function patternMeaning(pattern: unknown): string {
  return PATTERNS[String(pattern)] ?? `text matching /${String(pattern)}/`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function expectedType(e: ErrorObject): string {
  // A primitive may be written as a bare name or as a mapping: say both.
  if (e.schemaPath.endsWith('/else/type')) return 'a primitive name or a mapping with `name`';
  const types = String(e.params.type).split(',');
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');
}
