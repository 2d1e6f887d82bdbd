// "Pin this image to its digest": a FROM whose image carries no digest gets `@sha256:…` appended
// when the local daemon knows a digest for that very repository. The daemon's answer comes in as
// data; finding which FROMs to ask about is done here too, so the handler asks only when needed.
import type { ImageDetails } from '../../shared/imageDetails';
import { parseImageReference, type ImageReference } from '../semantics/imageReference';
import type { Dockerfile, Range } from '../syntax/ast';
import { type Fix, insert } from './codeActionSupport';
import { fromImageOf, type FromImage } from './hover';
import { instructionIndexAt } from './locate';

/** The FROM images without a digest on the lines `range` touches (written without variables). */
export function unpinnedImagesIn(doc: Dockerfile, range: Range): FromImage[] {
  const images: FromImage[] = [];
  const first = instructionIndexAt(doc, range.start.line);
  let index = first < 0 ? firstAfter(doc, range.start.line) : first;
  for (; index < doc.instructions.length; index++) {
    const instruction = doc.instructions[index];
    if (instruction === undefined || instruction.range.start.line > range.end.line) break;
    if (instruction.keyword !== 'FROM' || instruction.words[0]?.text.includes('$') !== false) continue;
    const image = fromImageOf(doc, index);
    if (image !== undefined && image.ref.digest === undefined) images.push(image);
  }
  return images;
}

/** The first instruction starting after `line` (binary search; instructions are in order). */
function firstAfter(doc: Dockerfile, line: number): number {
  let low = 0;
  let high = doc.instructions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((doc.instructions[mid]?.range.start.line ?? 0) <= line) low = mid + 1;
    else high = mid;
  }
  return low;
}

function sameRepository(a: ImageReference, b: ImageReference): boolean {
  return a.registry === b.registry && a.repository === b.repository;
}

/** The digest the daemon knows for the image's own repository, `sha256:…`. */
export function digestFor(image: FromImage, details: ImageDetails): string | undefined {
  for (const repoDigest of details.repoDigests) {
    const known = parseImageReference(repoDigest);
    if (known?.digest !== undefined && known.problems.length === 0 && sameRepository(known, image.ref)) {
      return known.digest;
    }
  }
  return undefined;
}

/** The pin rewrite for one FROM image, when the daemon's details carry its digest. */
export function pinFix(image: FromImage, details: ImageDetails): Fix | undefined {
  const digest = digestFor(image, details);
  if (digest === undefined) return undefined;
  const colon = digest.indexOf(':');
  const short = `${digest.slice(0, colon + 13)}…`;
  return {
    title: `Pin ${image.reference} to ${short}`,
    edits: [insert(image.range.end, `@${digest}`)],
  };
}
