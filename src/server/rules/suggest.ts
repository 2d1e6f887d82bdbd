/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Writes `option` in the case style of what the user typed: all upper, all lower, or as listed. */
function inCaseOf(option: string, typed: string): string {
  if (typed === typed.toLowerCase()) {
    return option.toLowerCase();
  }
  if (typed === typed.toUpperCase()) {
    return option.toUpperCase();
  }
  return option;
}

/**
 * BuildKit's did-you-mean: the first option at an edit distance below 3 (closer ones replace it),
 * compared case-insensitively; nothing when the word matches an option exactly.
 */
export function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of options) {
    const candidate = option.toLowerCase();
    if (candidate === lower) {
      return undefined;
    }
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) {
      best = inCaseOf(candidate, word);
      bestDistance = distance;
    }
  }
  return best;
}
