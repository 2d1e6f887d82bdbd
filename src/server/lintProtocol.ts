// Messages between the server's main thread and its lint worker.
import type { DiagnoseInput } from './rules/diagnose';
import type { Finding } from './rules/finding';

export interface LintRequest {
  readonly type: 'lint';
  readonly id: number;
  readonly uri: string;
  readonly text: string;
  readonly input: DiagnoseInput;
}

export interface CancelRequest {
  readonly type: 'cancel';
  readonly id: number;
}

export type ToWorker = LintRequest | CancelRequest;

export type FromWorker =
  /** The synchronous families: syntax, BuildKit, hadolint. */
  | { readonly type: 'sync'; readonly id: number; readonly findings: Finding[]; readonly failures: string[] }
  /** ShellCheck's findings, when it ran; `problem` says why it could not. */
  | {
      readonly type: 'background';
      readonly id: number;
      readonly findings: Finding[];
      readonly problem?: string;
    };
