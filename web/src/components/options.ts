/** A value the UI offers as a choice, with the words it shows for it (and, for some, what it means). */
export interface Option<T extends string> {
  value: T;
  label: string;
  meaning?: string;
}

/**
 * The words for `value` among `options`; the value itself for one this build does not list (an
 * API newer than the web app), so a page never shows an empty cell.
 */
export function labelFor<T extends string>(options: readonly Option<T>[], value: T): string {
  return options.find((option) => option.value === value)?.label ?? value;
}
