/**
 * An issue set: the headline problems a programme uses to decide who it works with, and the
 * concrete issues a worker ticks beneath them (offending, poor attendance, a Child Protection
 * Plan…). Families' issue profiles are answered against one version of one set.
 *
 * Configurable per project and versioned like the progress scale: a project that adds, drops or
 * rewords an issue makes a new version, so profiles answered on the old one keep their meaning.
 * The built-in default is Troubled Families Phase Two (`src/issues/phase-two.ts`).
 *
 * Who may see it: the set itself is not about any family, so anyone in the project may read it;
 * only project staff may change it.
 */
import { z } from 'zod/mini';
import { uniqueIds } from './unique-ids.ts';

/**
 * Headline and issue ids are CSV column names and keys of a profile's answers, so they are
 * lower-case words joined by "-": a header typed in any case still finds its column.
 */
const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const key = () =>
  z
    .string()
    .check(
      z.regex(KEY_PATTERN, 'must be lower-case letters and digits joined by "-", like "poor-attendance"'),
      z.maxLength(48),
    );

export const IssueSetIdSchema = key().brand<'IssueSetId'>();
export type IssueSetId = z.output<typeof IssueSetIdSchema>;

export const HeadlineIdSchema = key().brand<'HeadlineId'>();

export const IssueIdSchema = key().brand<'IssueId'>();

/** Where a headline or issue comes from: a published document and the words it uses. */
export const IssueSourceSchema = z.strictObject({
  /** Which document, by its key in the project's table of sources (`SEED_DOCUMENTS` for the built-in set). */
  document: key(),
  /** The document's own words, quoted exactly (dashes and bullets of a list left out). */
  passage: z.string().check(z.trim(), z.minLength(1), z.maxLength(400)),
  /** Where in the document, so a reader can find it: "§1.6 iv", "footnote 6", "case file". */
  at: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
});
export type IssueSource = z.output<typeof IssueSourceSchema>;

const sources = () => z._default(z.array(IssueSourceSchema).check(z.maxLength(12)), []);

export const HeadlineSchema = z.strictObject({
  id: HeadlineIdSchema,
  /** The programme's own words for the headline problem, as its criteria state it. */
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** A few words for lists and charts: "school attendance". Lower case, to run on in a sentence. */
  shortLabel: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  sources: sources(),
});
export type Headline = z.output<typeof HeadlineSchema>;

export const IssueSchema = z.strictObject({
  id: IssueIdSchema,
  /** Plain words a worker ticks: "Poor school attendance". */
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  /** The headline this issue is one way of meeting: a "yes" here meets that headline. */
  headline: z.optional(HeadlineIdSchema),
  /**
   * The headline this issue is named next to without being one way of meeting it (a need such
   * as SEND, or a risk under no headline such as eviction): recorded and shown with that
   * headline, never counted towards eligibility. Exactly one of `headline` and `beside`.
   */
  beside: z.optional(HeadlineIdSchema),
  /** Why the issue sits where it does, or how to answer it; shown to workers beside the question. */
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(400))),
  /**
   * The documents that name the issue. The built-in set cites at least one for every issue; a
   * project adding an issue of its own may have only its own reasons, so none is required here.
   */
  sources: sources(),
});
export type Issue = z.output<typeof IssueSchema>;

export const IssueSetSchema = z
  .strictObject({
    id: IssueSetIdSchema,
    /** Bumped whenever an issue or headline is added, removed, moved or reworded. */
    version: z.int().check(z.gte(1)),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
    headlines: z.array(HeadlineSchema).check(z.minLength(1), z.maxLength(20)),
    /** In the order workers see them; each under or beside one headline. */
    issues: z.array(IssueSchema).check(z.maxLength(64)),
    eligibility: z.strictObject({
      /** How many headlines a family must meet to be eligible (Phase Two: "at least two"). */
      minHeadlines: z.int().check(z.gte(1)),
    }),
  })
  .check(
    z.superRefine((set, ctx) => {
      const headlineIds = uniqueIds(ctx, set.headlines, ['headlines']);
      uniqueIds(ctx, set.issues, ['issues']);
      const names = [...headlineIds].map((id) => `"${id}"`).join(', ');
      set.issues.forEach((issue, index) => {
        // Answers to headlines and issues share one record (and one CSV header), so one id space.
        if (headlineIds.has(issue.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['issues', index, 'id'],
            message: `"${issue.id}" is already a headline's id; headlines and issues need different ids`,
          });
        }
        if ((issue.headline === undefined) === (issue.beside === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['issues', index],
            message: 'must name exactly one of "headline" (counts towards it) or "beside" (shown with it, not counted)',
          });
        }
        for (const field of ['headline', 'beside'] as const) {
          const target = issue[field];
          if (target !== undefined && !headlineIds.has(target)) {
            ctx.addIssue({
              code: 'custom',
              path: ['issues', index, field],
              message: `no headline "${target}" in this set; its headlines are ${names}`,
            });
          }
        }
      });
      if (set.eligibility.minHeadlines > set.headlines.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['eligibility', 'minHeadlines'],
          message: `asks for ${set.eligibility.minHeadlines} headlines, but the set has only ${set.headlines.length}`,
        });
      }
    }),
  );
export type IssueSet = z.output<typeof IssueSetSchema>;
export type IssueSetInput = z.input<typeof IssueSetSchema>;

/** "tf-phase-two@1": how a set and version are named in messages and storage keys. */
export function issueSetRef(set: Pick<IssueSet, 'id' | 'version'>): string {
  return `${set.id}@${set.version}`;
}

/** The issue with this id, or undefined. */
export function issueOf(set: IssueSet, id: string): Issue | undefined {
  return set.issues.find((issue) => issue.id === id);
}

/**
 * Every id a profile may answer, grouped as workers and CSV columns show them: each headline,
 * then the issues under it, then those beside it, each group in the set's order.
 */
export function answerIds(set: IssueSet): string[] {
  return set.headlines.flatMap((headline) => [
    headline.id,
    ...set.issues.filter((issue) => issue.headline === headline.id).map((issue) => issue.id),
    ...set.issues.filter((issue) => issue.beside === headline.id).map((issue) => issue.id),
  ]);
}
