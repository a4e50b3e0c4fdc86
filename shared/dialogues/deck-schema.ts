/**
 * The zod schema of a dialogue deck, for validating an edited or extended deck at the edge
 * before it is stored or served. The built-in deck passes it (see `dialogues.test.ts`).
 */
import * as z from 'zod/mini';
import type { Deck } from './types';

// zod/mini, like the API's other schemas: the full zod would add about 60 KB to the function that
// validates a therapist's wording (functions/therapists/deck-validation.ts).
const Slug = z
  .string()
  .check(z.maxLength(64), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes'));
const StemId = z
  .string()
  .check(
    z.maxLength(160),
    z.regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/,
      'Use dot-separated kebab-case parts, e.g. couples-dialogue.send.feel',
    ),
  );
const Text = z.string().check(
  z.maxLength(500),
  z.refine((s) => s.trim().length > 0, 'Text must not be empty'),
);
const LocalizedText = z.strictObject({ en: Text, et: Text });

const Stem = z.strictObject({ id: StemId, role: z.enum(['S', 'R']), text: LocalizedText });
const Step = z.strictObject({
  id: Slug,
  title: LocalizedText,
  speakers: z.array(z.enum(['S', 'R', 'T'])).check(z.minLength(1), z.maxLength(4)),
  guidance: LocalizedText,
  stems: z.array(Stem).check(z.maxLength(40)),
  loopTo: z.optional(Slug),
});
const Process = z.strictObject({
  id: Slug,
  title: LocalizedText,
  guidance: LocalizedText,
  steps: z.array(Step).check(z.minLength(1), z.maxLength(40)),
});
const Labelled = z.strictObject({ id: Slug, text: LocalizedText });
const SafetyCard = z.strictObject({ id: Slug, text: LocalizedText, repair: z.optional(LocalizedText) });
const ParentRole = z.strictObject({ id: Slug, name: LocalizedText, badge: LocalizedText });
const CardTitles = z.strictObject({ feelings: LocalizedText, groundRules: LocalizedText, bcrRequests: LocalizedText });

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
export const DeckSchema: z.ZodMiniType<Deck> = z
  .strictObject({
    roles: z.strictObject({ S: LocalizedText, R: LocalizedText, T: LocalizedText }),
    groundRules: z.array(Labelled).check(z.maxLength(20)),
    processes: z.array(Process).check(z.minLength(1), z.maxLength(50)),
    palette: z.array(Stem).check(z.maxLength(50)),
    safetyCards: z.array(SafetyCard).check(z.maxLength(20)),
    feelings: z.array(Labelled).check(z.maxLength(100)),
    parentRoles: z.array(ParentRole).check(z.minLength(1), z.maxLength(10)),
    cardTitles: CardTitles,
  })
  .check(z.superRefine((deck, ctx) => {
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
  }));
