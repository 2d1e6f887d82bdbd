// Names shared by the extension and the language server. Never imports vscode.

/** The language both sides serve. */
export const dockerfileLanguageId = 'dockerfile';

/** The `source` of every diagnostic the server publishes. */
export const diagnosticSource = 'dockwright';
