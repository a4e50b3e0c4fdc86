/**
 * The zod schema of a dialogue deck, for validating an edited or extended deck at the edge
 * before it is stored or served. The built-in deck passes it (see `dialogues.test.ts`).
 */
import * as z from 'zod';
import type { Deck } from './types';

const Slug = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes');
const StemId = z
  .string()
  .max(160)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/,
    'Use dot-separated kebab-case parts, e.g. couples-dialogue.send.feel',
  );
const Text = z
  .string()
  .max(500)
  .refine((s) => s.trim().length > 0, 'Text must not be empty');
const LocalizedText = z.object({ en: Text, et: Text }).strict();

const Stem = z.object({ id: StemId, role: z.enum(['S', 'R']), text: LocalizedText }).strict();
const Step = z
  .object({
    id: Slug,
    title: LocalizedText,
    speakers: z.array(z.enum(['S', 'R', 'T'])).min(1).max(4),
    guidance: LocalizedText,
    stems: z.array(Stem).max(40),
    loopTo: Slug.optional(),
  })
  .strict();
const Process = z
  .object({
    id: Slug,
    title: LocalizedText,
    guidance: LocalizedText,
    steps: z.array(Step).min(1).max(40),
  })
  .strict();
const Labelled = z.object({ id: Slug, text: LocalizedText }).strict();
const SafetyCard = z
  .object({ id: Slug, text: LocalizedText, repair: LocalizedText.optional() })
  .strict();
const ParentRole = z.object({ id: Slug, name: LocalizedText, badge: LocalizedText }).strict();
const CardTitles = z
  .object({ feelings: LocalizedText, groundRules: LocalizedText, bcrRequests: LocalizedText })
  .strict();

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

/**
 * A whole deck: every text in `en` and `et`, every process with at least one step, and ids
 * unique where they must be (processes; steps within a process; stems across processes and the
 * palette; safety cards; feelings; ground rules; parent roles). A step's `loopTo` names an
 * earlier step of its process, and every process has a step the Sender speaks in (where a new
 * turn starts after the roles switch).
 *
 * @example DeckSchema.safeParse(editedDeck).success
 */
export const DeckSchema: z.ZodType<Deck> = z
  .object({
    roles: z.object({ S: LocalizedText, R: LocalizedText, T: LocalizedText }).strict(),
    groundRules: z.array(Labelled).max(20),
    processes: z.array(Process).min(1).max(50),
    palette: z.array(Stem).max(50),
    safetyCards: z.array(SafetyCard).max(20),
    feelings: z.array(Labelled).max(100),
    parentRoles: z.array(ParentRole).min(1).max(10),
    cardTitles: CardTitles,
  })
  .strict()
  .superRefine((deck, ctx) => {
    const report = (what: string, ids: readonly string[]) => {
      for (const id of duplicates(ids)) {
        ctx.addIssue({ code: 'custom', message: `Duplicate ${what} id: ${id}` });
      }
    };
    report('process', deck.processes.map((p) => p.id));
    for (const p of deck.processes) {
      report(`step (in ${p.id})`, p.steps.map((s) => s.id));
      p.steps.forEach((step, index) => {
        if (step.loopTo === undefined) return;
        const target = p.steps.findIndex((s) => s.id === step.loopTo);
        if (target < 0 || target >= index) {
          ctx.addIssue({
            code: 'custom',
            message: `Step ${p.id}.${step.id} loops to ${step.loopTo}, which is not an earlier step`,
          });
        }
      });
      if (!p.steps.some((s) => s.speakers.includes('S'))) {
        ctx.addIssue({ code: 'custom', message: `Process ${p.id} has no step the Sender speaks in` });
      }
    }
    report('stem', [
      ...deck.processes.flatMap((p) => p.steps.flatMap((s) => s.stems.map((t) => t.id))),
      ...deck.palette.map((t) => t.id),
    ]);
    report('safety card', deck.safetyCards.map((c) => c.id));
    report('feeling', deck.feelings.map((f) => f.id));
    report('ground rule', deck.groundRules.map((r) => r.id));
    report('parent role', deck.parentRoles.map((r) => r.id));
  });
