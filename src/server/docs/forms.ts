// Instruction forms rendered as signatures (`COPY [--from=<stage>] … <src>... <dest>`) with the
// offsets of each parameter, and the hover text of an instruction keyword.
import { flagsOf } from '../syntax/flags';
import { flagAvailability, flagSyntax } from './flags';
import { instructionDoc, type FormPart, type InstructionDoc, type InstructionForm } from './instructions';
import { dockerfileBlock, referenceLink } from './reference';

/** One parameter of a rendered form. */
export interface FormParameter {
  readonly kind: FormPart['kind'] | 'flag';
  /** The flag name, for `flag` parameters. */
  readonly flag?: string;
  /** Where the parameter stands in the signature label: [start, end). */
  readonly offsets: readonly [number, number];
  readonly doc: string;
}

export interface RenderedForm {
  readonly form: InstructionForm;
  readonly label: string;
  /** The label with the flags folded into `[OPTIONS]`, for hover text. */
  readonly short: string;
  readonly parameters: readonly FormParameter[];
}

const rendered = new Map<string, readonly RenderedForm[]>();

function render(keyword: string, form: InstructionForm): RenderedForm {
  let label = keyword;
  let short = keyword;
  const parameters: FormParameter[] = [];
  if (form.flags && flagsOf(keyword).length > 0) short += ' [OPTIONS]';
  if (form.flags) {
    for (const spec of flagsOf(keyword)) {
      label += ' [';
      const start = label.length;
      label += flagSyntax(keyword, spec);
      parameters.push({ kind: 'flag', flag: spec.name, offsets: [start, label.length], doc: spec.doc });
      label += ']';
    }
  }
  form.parts.forEach((part, i) => {
    const opens = part.optional === true && form.parts[i - 1]?.optional !== true;
    const closes = part.optional === true && form.parts[i + 1]?.optional !== true;
    const piece = `${opens ? ' [' : ' '}${part.label}${closes ? ']' : ''}`;
    const start = label.length + (opens ? 2 : 1);
    label += piece;
    short += piece;
    parameters.push({ kind: part.kind, offsets: [start, start + part.label.length], doc: part.doc });
  });
  return { form, label, short, parameters };
}

/** The forms of an instruction rendered as signatures; empty for unknown keywords. */
export function renderedForms(keyword: string): readonly RenderedForm[] {
  const upper = keyword.toUpperCase();
  let forms = rendered.get(upper);
  if (forms === undefined) {
    const doc = instructionDoc(upper);
    forms = doc === undefined ? [] : doc.forms.map((form) => render(upper, form));
    rendered.set(upper, forms);
  }
  return forms;
}

function flagList(doc: InstructionDoc): string | undefined {
  const flags = flagsOf(doc.keyword);
  if (flags.length === 0) return undefined;
  const lines = flags.map((spec) => {
    const availability = flagAvailability(spec);
    return `- \`${flagSyntax(doc.keyword, spec)}\` ${spec.doc}${availability === undefined ? '' : ` ${availability}`}`;
  });
  return `Flags:\n\n${lines.join('\n')}`;
}

/** Hover text of an instruction keyword; undefined for unknown keywords. */
export function instructionMarkdown(keyword: string): string | undefined {
  const doc = instructionDoc(keyword);
  if (doc === undefined) return undefined;
  const forms = renderedForms(doc.keyword)
    .map((form) => form.short)
    .join('\n');
  const parts = [`**${doc.keyword}** · ${doc.summary}`, '```\n' + forms + '\n```', doc.detail];
  const flags = flagList(doc);
  if (flags !== undefined) parts.push(flags);
  parts.push(dockerfileBlock(doc.example), referenceLink(doc.anchor));
  return parts.join('\n\n');
}
