// Code lenses over FROM lines: "Build image" over the first stage and "Build stage <name>" over
// each named stage. Both run the extension's build command with the document and, for a stage,
// its name as the build target.
import type { CodeLens } from 'vscode-languageserver-types';
import type { Dockerfile } from '../syntax/ast';
import { stagesOf } from '../semantics/stages';

/** The extension command the lenses run: `(uri: string, target?: string)`. */
export const BUILD_IMAGE_COMMAND = 'dockwright.buildImage';

/** The build lenses of a Dockerfile. Never throws. */
export function codeLenses(doc: Dockerfile, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const stage of stagesOf(doc.instructions).stages) {
    const range = stage.from.keywordRange;
    if (stage.index === 0) {
      lenses.push({
        range,
        command: { title: 'Build image', command: BUILD_IMAGE_COMMAND, arguments: [uri] },
      });
    }
    if (stage.name !== undefined && stage.name !== '' && !stage.name.includes('$')) {
      lenses.push({
        range,
        command: {
          title: `Build stage ${stage.name}`,
          command: BUILD_IMAGE_COMMAND,
          arguments: [uri, stage.name],
        },
      });
    }
  }
  return lenses;
}
