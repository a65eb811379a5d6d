import { escapeHtml, type RenderedMail } from './render.ts';

/** What a leader's weekly digest says: figures and titles only, never a person's contact. */
export interface DigestContent {
  /** The ISO weeks the digest covers, oldest first (the last is the week that just ended). */
  readonly weeks: readonly string[];
  readonly index: { readonly score: number | null; readonly previous: number | null };
  readonly pillars: readonly {
    readonly name: string;
    readonly score: number | null;
    readonly previous: number | null;
  }[];
  readonly movers: readonly { readonly text: string; readonly path: string }[];
  readonly openPlays: readonly {
    readonly title: string;
    readonly owner: string;
    readonly dueOn: string;
    readonly overdue: boolean;
    readonly path: string;
  }[];
  /** Work past its due time across the organisation: how much, and the first few. */
  readonly overdue: { readonly count: number; readonly truncated: boolean; readonly first: readonly string[] };
}

const score = (value: number | null) => (value === null ? '—' : String(Math.round(value)));

/** Up, down or level against the period before, in words; nothing to compare is said so. */
export function direction(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return 'no earlier period to compare';
  const delta = Math.round(current) - Math.round(previous);
  if (delta === 0) return 'level';
  return delta > 0 ? `up ${delta}` : `down ${-delta}`;
}

/**
 * The digest e-mail: the index and each pillar with its direction, the movers, the open plays
 * and what is overdue, each with a link, and the unsubscribe links every e-mail carries.
 */
export function renderDigestMail(
  content: DigestContent,
  links: { base: string; unsubscribe: string; preferences: string },
): RenderedMail {
  const period = `${content.weeks[0] ?? ''} to ${content.weeks[content.weeks.length - 1] ?? ''}`;
  const subject = `Total Customer: your weekly scorecard digest, ${period}`;
  const why =
    'You get this e-mail because you asked for the weekly scorecard digest (leaders get it unless they say otherwise).';
  const url = (path: string) => `${links.base}${path}`;
  const indexLine = `Total Customer Index (${content.weeks.length} weeks): ${score(content.index.score)}, ${direction(content.index.score, content.index.previous)}`;
  const pillarLines = content.pillars.map(
    (pillar) => `${pillar.name}: ${score(pillar.score)}, ${direction(pillar.score, pillar.previous)}`,
  );
  const playLine = (play: DigestContent['openPlays'][number]) =>
    `${play.title} (${play.owner}, due ${play.dueOn}${play.overdue ? ', overdue' : ''})`;

  const text = [
    `Your weekly scorecard digest, ${period}`,
    '',
    indexLine,
    ...pillarLines.map((line) => `- ${line}`),
    '',
    `What moved (${content.movers.length}):`,
    ...(content.movers.length === 0 ? ['- Nothing moved past the minimum sample.'] : []),
    ...content.movers.map((mover) => `- ${mover.text}: ${url(mover.path)}`),
    '',
    `Open plays (${content.openPlays.length}):`,
    ...(content.openPlays.length === 0 ? ['- None.'] : []),
    ...content.openPlays.map((play) => `- ${playLine(play)}: ${url(play.path)}`),
    '',
    `Overdue (${content.overdue.count}${content.overdue.truncated ? '+' : ''}):`,
    ...(content.overdue.count === 0 ? ['- Nothing is overdue.'] : []),
    ...content.overdue.first.map((line) => `- ${line}`),
    `My work: ${url('/')}`,
    `The scorecard: ${url('/scorecard')}`,
    '',
    '--',
    why,
    `Stop these e-mails: ${links.unsubscribe}`,
    `All your notification settings: ${links.preferences}`,
    '',
  ].join('\n');

  const list = (items: string[], empty: string) =>
    items.length === 0 ? `<p>${escapeHtml(empty)}</p>` : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body style="font-family: system-ui, sans-serif; line-height: 1.5">',
    `<h1 style="font-size: 1.2em">${escapeHtml(`Your weekly scorecard digest, ${period}`)}</h1>`,
    `<p>${escapeHtml(indexLine)}</p>`,
    list(
      pillarLines.map((line) => escapeHtml(line)),
      '',
    ),
    `<h2 style="font-size: 1.05em">What moved (${content.movers.length})</h2>`,
    list(
      content.movers.map((mover) => link(url(mover.path), mover.text)),
      'Nothing moved past the minimum sample.',
    ),
    `<h2 style="font-size: 1.05em">Open plays (${content.openPlays.length})</h2>`,
    list(
      content.openPlays.map((play) => link(url(play.path), playLine(play))),
      'None.',
    ),
    `<h2 style="font-size: 1.05em">Overdue (${content.overdue.count}${content.overdue.truncated ? '+' : ''})</h2>`,
    list(
      content.overdue.first.map((line) => escapeHtml(line)),
      'Nothing is overdue.',
    ),
    `<p>${link(url('/'), 'My work')} · ${link(url('/scorecard'), 'The scorecard')}</p>`,
    '<hr>',
    `<p style="font-size: 0.9em; color: #555">${escapeHtml(why)}<br>`,
    `${link(links.unsubscribe, 'Stop these e-mails')} · `,
    `${link(links.preferences, 'All your notification settings')}</p>`,
    '</body></html>',
  ].join('');
  return { subject: subject.slice(0, 200), text, html };
}
