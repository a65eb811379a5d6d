import { csvFileName } from '#domain/scorecard/csv.ts';
import { figureIds } from '#domain/scorecard/figures.ts';
import {
  drillCsvQuerySchema,
  drillPageSchema,
  drillQuerySchema,
  figureParamsSchema,
  scorecardQuerySchema,
  scorecardSchema,
} from '#domain/scorecard/schemas.ts';
import * as z from '#lib/zod.ts';
import { scorecard } from '#services/scorecard.ts';
import { serviceContext } from '../env.ts';
import { type AppContext, input, json, operation, problemResponses, router } from '../http.ts';

const figureList = figureIds.map((id) => `\`${id}\``).join(', ');

const csvResponse = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});

/** A CSV download: UTF-8, named, never cached. */
function csvAnswer(c: AppContext, csv: string, fileName: string) {
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
}

export const scorecardRoutes = router()
  .get(
    '/',
    operation({
      tags: ['scorecard'],
      summary: 'The total customer scorecard (leaders)',
      description:
        'The three pillars (external, internal, partners and advocates), each 0–100 with its band and weekly trend, ' +
        'their figures (stable dotted ids), and the Total Customer Index from the weights and thresholds leaders set ' +
        `in the settings. Reads a fixed number of aggregate items. The figure ids: ${figureList}.`,
      responses: { 200: json(scorecardSchema, 'The scorecard.'), ...problemResponses },
    }),
    input('query', scorecardQuerySchema),
    async (c) => c.json(await scorecard.get(serviceContext(c), c.req.valid('query').weeks), 200),
  )
  .get(
    '/:figure/records',
    operation({
      tags: ['scorecard'],
      summary: 'The records behind a figure (leaders)',
      description:
        'The referrals, handoffs, issues or customers a figure counts in the scorecard’s period (`weeks=N`) or one ' +
        '`week` (a level: now) under a dimension, by Query: a count lists exactly what it counts; a share lists its ' +
        'denominator, each record `met` or `missed`, and met ÷ all is the figure; a duration or rating lists what ' +
        'was measured, each with its `value`. `summary` gives what all of them add up to: the figure. ' +
        `An unknown figure is a 404. The figure ids: ${figureList}.`,
      responses: { 200: json(drillPageSchema, 'One page of the records.'), ...problemResponses },
    }),
    input('param', figureParamsSchema),
    input('query', drillQuerySchema),
    async (c) => {
      const { figure } = c.req.valid('param');
      return c.json(await scorecard.records(serviceContext(c), figure, c.req.valid('query')), 200);
    },
  )
  .get(
    '/:figure/records.csv',
    operation({
      tags: ['scorecard'],
      summary: 'The records behind a figure, as CSV (leaders)',
      description:
        'Every page of the drill-down as CSV (RFC 4180, UTF-8, a header row): ' +
        '`recordType,id,label,status,at,outcome,value`. Text that a spreadsheet would run as a formula starts with an ' +
        'apostrophe.',
      responses: { 200: csvResponse('The records, as CSV.'), ...problemResponses },
    }),
    input('param', figureParamsSchema),
    input('query', drillCsvQuerySchema),
    async (c) => {
      const { figure } = c.req.valid('param');
      const query = c.req.valid('query');
      const { csv, weeks } = await scorecard.recordsCsv(serviceContext(c), figure, query);
      const period = weeks.length > 1 ? [weeks[0] ?? '', weeks[weeks.length - 1] ?? ''] : weeks;
      return csvAnswer(c, csv, csvFileName('scorecard', figure, ...period, query.dimension));
    },
  );

/** `GET /api/scorecard.csv`: beside the scorecard's path, not under it. */
export const scorecardCsvRoutes = router().get(
  '/',
  operation({
    tags: ['scorecard'],
    summary: 'The scorecard as CSV (leaders)',
    description:
      'One row per figure, week and dimension (RFC 4180, UTF-8, a header row): ' +
      '`pillar,figure,week,dimension,value,p90,unit`. Weekly figures for each week; levels ' +
      "(`issues.open.*`, `customers.stage.*`) for the current week; each week's pillar scores " +
      '(`pillar.external`, `pillar.internal`, `pillar.partners`) and Total Customer Index (`index`), unit `score`. ' +
      `The figure ids: ${figureList}.`,
    responses: { 200: csvResponse('The scorecard, as CSV.'), ...problemResponses },
  }),
  input('query', scorecardQuerySchema),
  async (c) => {
    const { csv, weeks } = await scorecard.csv(serviceContext(c), c.req.valid('query').weeks);
    return csvAnswer(c, csv, csvFileName('scorecard', weeks[0] ?? '', weeks[weeks.length - 1] ?? ''));
  },
);
