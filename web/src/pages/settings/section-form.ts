import { useState } from 'preact/hooks';
import type { Settings, SettingsChange } from '../../api/types.ts';
import { useForm } from '../../forms/use-form.ts';

/** A section's way to save: the change, sent with the version the page loaded; a 412 reloads. */
export type Save = (change: SettingsChange) => Promise<Settings>;

/** What the page gives each section: the settings as loaded, and the way to save a change to them. */
export interface SectionProps {
  current: Settings;
  save: Save;
}

/**
 * The state every section's form keeps: the shared form state (field errors by path, the rest in
 * an alert) and a confirmation; saving nothing when nothing changed.
 */
export function useSectionForm(knownFields: (path: string) => boolean) {
  const form = useForm({ fields: knownFields });
  const [saved, setSaved] = useState<string | undefined>();

  /** Sends `change` (nothing when it is empty), and says what happened. */
  async function submit(change: SettingsChange, save: Save, done: string, after?: (settings: Settings) => void) {
    setSaved(undefined);
    if (Object.keys(change).length === 0) {
      form.clear();
      setSaved('Nothing to save: the settings are as they were.');
      return;
    }
    // Not `after?.(await save(change))`: an optional call skips its arguments too, so a section
    // with no `after` would never have saved.
    const ok = await form.submit(async () => {
      const settings = await save(change);
      after?.(settings);
    });
    if (ok) setSaved(done);
  }

  /** Errors found before sending: no confirmation, the errors beside their fields. */
  function invalid(local: Record<string, string>, message?: string) {
    setSaved(undefined);
    form.invalid(local, message ?? null);
  }

  return { ...form, saved, submit, invalid };
}
