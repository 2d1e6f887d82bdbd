// `RUN --mount` and `RUN --device` values as BuildKit reads them: comma-separated fields, each
// `key=value` (a few may stand bare), checked field by field and then as a whole. Values that
// hold a variable are expanded by BuildKit before the checks, so they are not judged here.
import type { Flag, Range } from '../../syntax/ast';
import { MOUNT_TYPES } from '../../syntax/flags';
import {
  hasVariable,
  parseGoBool,
  parseGoUint,
  report,
  subRange,
  suggestExact,
  withSuggestion,
  type Sink,
} from './support';

const ANCHOR = 'run---mount';

/** The keys BuildKit offers when it suggests a --mount key, in its order. */
const SUGGESTED_KEYS = [
  'type',
  'from',
  'source',
  'target',
  'readonly',
  'id',
  'sharing',
  'required',
  'size',
  'mode',
  'uid',
  'gid',
  'src',
  'dst',
  'destination',
  'ro',
  'rw',
  'readwrite',
  'env',
];
const SHARING = ['shared', 'private', 'locked'];
const RAM_SIZE = /^\d+(?:\.\d+)* ?[kKmMgGtTpP]?[iI]?[bB]?$/;

export interface Field {
  readonly text: string;
  readonly offset: number;
}

/** Splits CSV fields (double quotes group, `""` is a quote), keeping each field's offset. */
export function csvFields(value: string): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  for (;;) {
    const offset = pos;
    let text = '';
    if (value[pos] === '"') {
      pos++;
      for (;;) {
        const quote = value.indexOf('"', pos);
        if (quote < 0) {
          text += value.slice(pos);
          pos = value.length;
          break;
        }
        text += value.slice(pos, quote);
        if (value[quote + 1] === '"') {
          text += '"';
          pos = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
    }
    let comma = value.indexOf(',', pos);
    if (comma < 0) comma = value.length;
    text += value.slice(pos, comma);
    pos = comma;
    fields.push({ text, offset });
    if (pos >= value.length) return fields;
    pos++;
  }
}

/** The `from` of a `--mount` value, as BuildKit reads it before any variable is known. */
export function mountFrom(value: string): string | undefined {
  let from: string | undefined;
  for (const field of csvFields(value)) {
    const eq = field.text.indexOf('=');
    if (eq >= 0 && field.text.slice(0, eq).toLowerCase() === 'from') from = field.text.slice(eq + 1);
  }
  return from;
}

/** State gathered from the fields of one mount; `type` is undefined when a variable sets it. */
interface Mount {
  type: string | undefined;
  from: boolean;
  source: boolean;
  target: boolean;
  id: boolean;
  sharing: boolean;
  fileInfo: string | undefined;
}

/** The error of one field, or undefined. */
function checkField(mount: Mount, key: string, value: string | undefined, field: string): string | undefined {
  if (value === undefined) {
    if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) return undefined;
    if (key === 'required') {
      if (mount.type === undefined || mount.type === 'secret' || mount.type === 'ssh') return undefined;
      return `unexpected key '${key}' for mount type '${mount.type}'`;
    }
    return `invalid field '${field}' must be a key=value pair`;
  }
  const variable = hasVariable(value);
  // BuildKit resolves `from` before any variable is known, so it refuses them there.
  const dollar = value.indexOf('$');
  if (key === 'from' && dollar >= 0 && dollar !== value.length - 1) {
    return `'${key}' doesn't support variable expansion, define alias stage instead`;
  }
  switch (key) {
    case 'type': {
      if (variable) {
        mount.type = undefined;
        return undefined;
      }
      const type = value.toLowerCase();
      if (!(MOUNT_TYPES as readonly string[]).includes(type)) {
        return withSuggestion(`unsupported mount type "${value}"`, suggestExact(value, MOUNT_TYPES));
      }
      mount.type = type;
      return undefined;
    }
    case 'from':
      mount.from = value !== '';
      return undefined;
    case 'source':
    case 'src':
      mount.source = value !== '';
      return undefined;
    case 'target':
    case 'dst':
    case 'destination':
      mount.target = value !== '';
      return undefined;
    case 'id':
      mount.id = value !== '';
      return undefined;
    case 'env':
      return undefined;
    case 'readonly':
    case 'ro':
    case 'readwrite':
    case 'rw':
      return variable || parseGoBool(value) !== undefined ? undefined : `invalid value for ${key}: ${value}`;
    case 'required':
      if (mount.type !== undefined && mount.type !== 'secret' && mount.type !== 'ssh') {
        return `unexpected key '${key}' for mount type '${mount.type}'`;
      }
      return variable || parseGoBool(value) !== undefined ? undefined : `invalid value for ${key}: ${value}`;
    case 'size':
      if (mount.type !== undefined && mount.type !== 'tmpfs') {
        return `unexpected key '${key}' for mount type '${mount.type}'`;
      }
      return variable || RAM_SIZE.test(value) ? undefined : `invalid value for ${key}: ${value}`;
    case 'sharing':
      if (variable) {
        mount.sharing = true;
        return undefined;
      }
      if (!SHARING.includes(value.toLowerCase())) {
        return withSuggestion(`unsupported sharing value "${value}"`, suggestExact(value, SHARING));
      }
      mount.sharing = true;
      return undefined;
    case 'mode':
    case 'uid':
    case 'gid':
      mount.fileInfo ??= key;
      if (variable || parseGoUint(value, key === 'mode' ? 8 : 10, 32) !== undefined) return undefined;
      return `invalid value ${value} for ${key}`;
    default:
      return withSuggestion(`unexpected key '${key}' in '${field}'`, suggestExact(key, SUGGESTED_KEYS));
  }
}

/** The error of the mount as a whole, once its fields are read. */
function checkMount(mount: Mount): string | undefined {
  const type = mount.type;
  if (type === undefined) return undefined;
  if (mount.fileInfo !== undefined && type !== 'secret' && type !== 'ssh' && type !== 'cache') {
    return `${mount.fileInfo} not allowed for "${type}" type mounts`;
  }
  if (type === 'secret') {
    if (mount.from) return 'secret mount should not have a from';
    if (mount.sharing) return 'secret mount should not define sharing';
    // An `env` alone is not enough: BuildKit still wants an id, a source or a target.
    if (!mount.source && !mount.target && !mount.id) {
      return 'invalid secret mount. one of source, target required';
    }
    if (mount.source && mount.id) return "both source and id can't be set";
  }
  if (mount.sharing && type !== 'cache') return `invalid cache sharing set for ${type} mount`;
  return undefined;
}

/** Reports the first problem of each `--mount` value, as BuildKit stops at the first. */
export function checkMounts(sink: Sink, mounts: readonly Flag[]): void {
  for (const flag of mounts) {
    const value = flag.value ?? '';
    const mount: Mount = {
      type: 'bind',
      from: false,
      source: false,
      target: false,
      id: false,
      sharing: false,
      fileInfo: undefined,
    };
    // The value's range is worked out only for a mount that has a problem.
    let problem: { message: string; field: Field | undefined } | undefined;
    // Go's CSV reader finds no record at all in an empty value.
    if (value === '') problem = { message: 'failed to parse csv mounts: EOF', field: undefined };
    for (const field of problem === undefined ? csvFields(value) : []) {
      const eq = field.text.indexOf('=');
      const key = (eq < 0 ? field.text : field.text.slice(0, eq)).toLowerCase();
      const fieldValue = eq < 0 ? undefined : field.text.slice(eq + 1);
      // Only the values after `=` are expanded: a bare `$VAR` field is never a key=value pair.
      const message = checkField(mount, key, fieldValue, field.text);
      if (message !== undefined) {
        problem = { message, field };
        break;
      }
    }
    if (problem === undefined) {
      const message = checkMount(mount);
      if (message !== undefined) problem = { message, field: undefined };
    }
    if (problem !== undefined) {
      const whole: Range = flag.valueRange ?? flag.range;
      const field = problem.field;
      const range =
        field === undefined ? whole : subRange(whole, value.length, field.offset, field.text.length);
      report(sink, 'DW024', problem.message, range, ANCHOR);
    }
  }
}

/** Reports the first problem of each `--device` value (labs: `name[,required[=bool]]`). */
export function checkDevices(sink: Sink, devices: readonly Flag[]): void {
  for (const flag of devices) {
    const value = flag.value ?? '';
    if (hasVariable(value)) continue;
    const whole: Range = flag.valueRange ?? flag.range;
    let name = '';
    let problem: { message: string; field: Field } | undefined;
    for (const field of csvFields(value)) {
      const eq = field.text.indexOf('=');
      const key = (eq < 0 ? field.text : field.text.slice(0, eq)).toLowerCase();
      const fieldValue = eq < 0 ? undefined : field.text.slice(eq + 1);
      if (fieldValue === undefined) {
        if (key === 'required') continue;
        if (name === '') {
          name = field.text;
          continue;
        }
        problem = { message: `invalid field '${field.text}' must be a key=value pair`, field };
      } else if (key === 'name') {
        if (name !== '') problem = { message: `device name already set to ${name}`, field };
        else name = fieldValue;
      } else if (key === 'required') {
        if (parseGoBool(fieldValue) === undefined) {
          problem = { message: `invalid value for ${key}: ${fieldValue}`, field };
        }
      } else if (name === '') {
        name = field.text;
      } else {
        const message = withSuggestion(
          `unexpected key '${key}' in '${field.text}'`,
          suggestExact(key, ['name', 'required']),
        );
        problem = { message, field };
      }
      if (problem !== undefined) break;
    }
    if (problem !== undefined) {
      const range = subRange(whole, value.length, problem.field.offset, problem.field.text.length);
      report(sink, 'DW026', problem.message, range, 'run---device');
    }
  }
}
