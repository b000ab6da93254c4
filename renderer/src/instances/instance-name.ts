import { INSTANCE_NAME_PATTERN } from '../../../engine/common/identifiers';

/** Why a new instance's name would be refused, or null; `taken` lists the names already used in the environment. */
export function instanceNameProblem(name: string, taken: readonly string[] = []): string | null {
  if (name === '') return 'Enter a name.';
  if (!INSTANCE_NAME_PATTERN.test(name)) return 'Lowercase letters, digits and -, starting with a letter (at most 63).';
  if (taken.includes(name)) return 'This environment already has an instance of that name.';
  return null;
}
