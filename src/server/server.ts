// LSP glue only: keeps the open documents and publishes what the rules find.
import {
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticSource } from '../shared/protocol';
import { unknownInstructions, type Finding } from './rules/unknownInstruction';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const severities: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: {
      start: { line: finding.span.startLine, character: finding.span.startChar },
      end: { line: finding.span.endLine, character: finding.span.endChar },
    },
    severity: severities[finding.severity],
    code: finding.code,
    codeDescription: { href: finding.href },
    source: diagnosticSource,
    message: finding.message,
  };
}

/** Lints one document version; a rule failure becomes a logged error, never a crash. */
function validate(document: TextDocument): void {
  let diagnostics: Diagnostic[] = [];
  try {
    diagnostics = unknownInstructions(document.getText()).map(toDiagnostic);
  } catch (err) {
    connection.console.error(`Linting ${document.uri} failed: ${String(err)}`);
  }
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
  },
  serverInfo: { name: 'dockwright-dockerfile' },
}));

// TextDocuments reports an opened document as changed content too, so one handler covers both.
documents.onDidChangeContent((event) => validate(event.document));
documents.onDidClose((event) => {
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
