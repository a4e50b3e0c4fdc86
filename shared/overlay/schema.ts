/**
 * zod schemas of the session overlay (DESIGN §5): the state the therapist drives, the actions
 * that change it, and the ids-only copy that travels in LiveKit room metadata.
 *
 * Fields added after the first release (`parentRole`, `undo`, a card's `to`, a timer's
 * `pausedRemaining`) are optional, so overlays stored before them still parse.
 */
import * as z from 'zod/mini';

const Id = z.string().check(z.minLength(1), z.maxLength(64));
const StemId = z.string().check(z.minLength(1), z.maxLength(160));

const Seat = z.enum(['A', 'B']);

/** Free text the therapist types for a custom card: trimmed, 1–280 characters. */
export const CustomText = z.string().check(z.trim(), z.minLength(1), z.maxLength(280));

/** Timer length in whole seconds, 10 s to 1 h. */
export const TimerSeconds = z.number().check(z.int(), z.minimum(10), z.maximum(3600));

/** Whom the Receiver plays in the Parent–Child Dialogue (ids of `DECK.parentRoles`). */
export const ParentRoleId = z.enum(['mother', 'father', 'caregiver']);
export type ParentRoleId = z.infer<typeof ParentRoleId>;

/** Which of the three Behavior Change Requests the Receiver chose as a gift; `null`: none yet. */
export const BcrChoice = z.nullable(z.literal([0, 1, 2]));
export type BcrChoice = z.infer<typeof BcrChoice>;

/**
 * A stem card. `to` is set only when the card addresses another seat than its role names: a
 * stem shown before a role swap keeps its person (the swap pins it), so "Is there more?" asked
 * of the Receiver is not silently handed to the other partner.
 */
const StemCard = z.object({ kind: z.literal('stem'), stemId: StemId, to: z.optional(Seat) });
/** A custom card; `to` addresses it to one partner (doubling), else it is for both. */
const CustomCard = z.object({ kind: z.literal('custom'), text: CustomText, to: z.optional(Seat) });
const PauseCard = z.object({ kind: z.literal('pause') });
/** A safety or pace card other than pause: `slow-down`, `ouch`, `face-each-other`. */
const SafetyCard = z.object({ kind: z.literal('safety'), cardId: Id });
/** The feelings list, for both partners. */
const FeelingsCard = z.object({ kind: z.literal('feelings') });
/** The ground rules, for both partners. */
const GroundRulesCard = z.object({ kind: z.literal('groundRules') });
/**
 * The three requests of a Behavior Change Request. Their texts are the session's outcome, kept
 * server-side and never in the overlay: the card holds only which one was chosen.
 */
const BcrRequestsCard = z.object({ kind: z.literal('bcrRequests'), chosen: BcrChoice });

export const OverlayCard = z.discriminatedUnion('kind', [
  StemCard,
  CustomCard,
  PauseCard,
  SafetyCard,
  FeelingsCard,
  GroundRulesCard,
  BcrRequestsCard,
]);
export type OverlayCard = z.infer<typeof OverlayCard>;

/**
 * The turn timer: started at `startedAt` for `seconds`. While paused, `pausedRemaining` holds
 * the whole seconds left (the clock stands still); resuming moves `startedAt` so that exactly
 * that much is left again.
 */
export const OverlayTimer = z.object({
  startedAt: z.iso.datetime(),
  seconds: TimerSeconds,
  pausedRemaining: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(3600))),
});
export type OverlayTimer = z.infer<typeof OverlayTimer>;

const Version = z.number().check(z.int(), z.minimum(0));

const fields = {
  processId: Id,
  stepId: Id,
  /** Which seat is the Sender; the other seat is the Receiver. */
  sender: Seat,
  visible: z.boolean(),
  timer: z.nullable(OverlayTimer),
  /** Parent–Child Dialogue: whom the Receiver plays; absent or `null` outside it. */
  parentRole: z.optional(z.nullable(ParentRoleId)),
};

/** The overlay without its version and history: what `undo` restores. */
export const OverlaySnapshot = z.object({ ...fields, card: z.nullable(OverlayCard) });
export type OverlaySnapshot = z.infer<typeof OverlaySnapshot>;

/**
 * The overlay of one session, as stored and as returned by `GET /api/sessions/:id/overlay`.
 * `undo` is the state before the last accepted action (one level); it never goes to LiveKit.
 */
export const OverlayState = z.object({
  version: Version,
  ...fields,
  card: z.nullable(OverlayCard),
  undo: z.optional(OverlaySnapshot),
});
export type OverlayState = z.infer<typeof OverlayState>;

/**
 * The overlay as published in LiveKit room metadata: ids only. A custom card carries no text;
 * clients fetch it from `GET /api/sessions/:id/overlay`. No undo history. Unknown keys are
 * dropped on parse.
 */
export const LiveKitOverlay = z.object({
  version: Version,
  ...fields,
  card: z.nullable(
    z.discriminatedUnion('kind', [
      StemCard,
      z.object({ kind: z.literal('custom'), to: z.optional(Seat) }),
      PauseCard,
      SafetyCard,
      FeelingsCard,
      GroundRulesCard,
      BcrRequestsCard,
    ]),
  ),
});
export type LiveKitOverlay = z.infer<typeof LiveKitOverlay>;

/** Every change the therapist can make to the overlay; the body's `action` of `POST …/overlay`. */
export const OverlayAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('selectProcess'), processId: Id }),
  z.strictObject({ type: z.literal('goToStep'), stepId: Id }),
  z.strictObject({ type: z.literal('next') }),
  z.strictObject({ type: z.literal('prev') }),
  /** From a mirroring step with a loop: "Is there more?" — back to the sending step. */
  z.strictObject({ type: z.literal('more') }),
  z.strictObject({ type: z.literal('swapRoles') }),
  /** Swap roles, clear the card and go to the process's first step the Sender speaks in. */
  z.strictObject({ type: z.literal('switchAndStart') }),
  /** Back to the state before the last accepted action (one level). */
  z.strictObject({ type: z.literal('undo') }),
  z.strictObject({ type: z.literal('showStem'), stemId: StemId }),
  z.strictObject({ type: z.literal('showCustom'), text: CustomText, to: z.optional(Seat) }),
  z.strictObject({ type: z.literal('showFeelings') }),
  z.strictObject({ type: z.literal('showGroundRules') }),
  z.strictObject({ type: z.literal('showBcrRequests'), chosen: z.optional(BcrChoice) }),
  /** Shows the pause card and freezes a running timer. */
  z.strictObject({ type: z.literal('pause') }),
  /** Ends a pause: takes the pause card away and lets a frozen timer run on. */
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('showSafety'), cardId: Id }),
  z.strictObject({ type: z.literal('clearCard') }),
  z.strictObject({ type: z.literal('setParentRole'), parentRole: z.nullable(ParentRoleId) }),
  z.strictObject({ type: z.literal('startTimer'), seconds: TimerSeconds }),
  z.strictObject({ type: z.literal('stopTimer') }),
  z.strictObject({ type: z.literal('setVisible'), visible: z.boolean() }),
]);
export type OverlayAction = z.infer<typeof OverlayAction>;
export type OverlayActionType = OverlayAction['type'];
