import type { FieldError } from '#domain/errors.ts';
import type { OrganisationSettings } from '#domain/settings/schemas.ts';
import { addWorkingHours, type WorkingCalendar } from './working-hours.ts';

type SlaSettings = Pick<OrganisationSettings, 'handoffAckSlaHours' | 'handoffAckSlaOverrides'>;
export type SlaOverrides = OrganisationSettings['handoffAckSlaOverrides'];
/** A merge patch of the overrides: `null` removes a pair, or a whole sending team's row. */
export type SlaOverridesPatch = Record<string, Record<string, number | null> | null>;

/** The acknowledgement SLA of a team pair, in working hours: its override, or the default. */
export function ackSlaHoursFor(settings: SlaSettings, fromTeamId: string, toTeamId: string): number {
  return settings.handoffAckSlaOverrides[fromTeamId]?.[toTeamId] ?? settings.handoffAckSlaHours;
}

/** When the acknowledgement of a handoff sent at `sentAt` falls due. */
export function ackDueAt(sentAt: Date, slaHours: number, calendar: WorkingCalendar): Date {
  return addWorkingHours(sentAt, slaHours, calendar);
}

/** A round of acknowledgement starting `now`: the pair's SLA as the settings say, and when it falls due. */
export interface AckRound {
  readonly ackSlaHours: number;
  readonly ackDueAt: string;
}

export function ackRound(
  settings: SlaSettings,
  pair: { readonly fromTeamId: string; readonly toTeamId: string },
  now: Date,
  calendar: WorkingCalendar,
): AckRound {
  const hours = ackSlaHoursFor(settings, pair.fromTeamId, pair.toTeamId);
  return { ackSlaHours: hours, ackDueAt: ackDueAt(now, hours, calendar).toISOString() };
}

/** A team never hands work to itself, so a pair of one team has no SLA either. */
export function selfPairErrors(patch: SlaOverridesPatch): FieldError[] {
  const errors: FieldError[] = [];
  for (const [from, row] of Object.entries(patch)) {
    for (const to of Object.keys(row ?? {})) {
      if (from === to) {
        errors.push({ path: `handoffAckSlaOverrides.${from}.${to}`, message: 'A team does not hand work to itself.' });
      }
    }
  }
  return errors;
}

/** The overrides after a merge patch (RFC 7396): numbers set, `null` removes, empty rows go. */
export function mergeSlaOverrides(current: SlaOverrides, patch: SlaOverridesPatch): SlaOverrides {
  const merged: Record<string, Record<string, number>> = {};
  for (const [from, row] of Object.entries(current)) merged[from] = { ...row };
  for (const [from, row] of Object.entries(patch)) {
    if (row === null) {
      delete merged[from];
      continue;
    }
    const next = { ...(merged[from] ?? {}) };
    for (const [to, hours] of Object.entries(row)) {
      if (hours === null) delete next[to];
      else next[to] = hours;
    }
    if (Object.keys(next).length > 0) merged[from] = next;
    else delete merged[from];
  }
  return merged;
}
