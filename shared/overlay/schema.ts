/**
 * zod schemas of the session overlay (DESIGN §5): the state the therapist drives, the actions
 * that change it, and the ids-only copy that travels in LiveKit room metadata.
 */
import * as z from 'zod/mini';

const Id = z.string().check(z.minLength(1), z.maxLength(64));
const StemId = z.string().check(z.minLength(1), z.maxLength(160));

const Seat = z.enum(['A', 'B']);

/** Free text the therapist types for a custom card: trimmed, 1–280 characters. */
export const CustomText = z.string().check(z.trim(), z.minLength(1), z.maxLength(280));

/** Timer length in whole seconds, 10 s to 1 h. */
export const TimerSeconds = z.number().check(z.int(), z.minimum(10), z.maximum(3600));

const StemCard = z.object({ kind: z.literal('stem'), stemId: StemId });
const CustomCard = z.object({ kind: z.literal('custom'), text: CustomText });
const PauseCard = z.object({ kind: z.literal('pause') });
/** A safety or pace card other than pause: `slow-down`, `ouch`, `face-each-other`. */
const SafetyCard = z.object({ kind: z.literal('safety'), cardId: Id });

export const OverlayCard = z.discriminatedUnion('kind', [
  StemCard,
  CustomCard,
  PauseCard,
  SafetyCard,
]);
export type OverlayCard = z.infer<typeof OverlayCard>;

export const OverlayTimer = z.object({ startedAt: z.iso.datetime(), seconds: TimerSeconds });
export type OverlayTimer = z.infer<typeof OverlayTimer>;

const common = {
  version: z.number().check(z.int(), z.minimum(0)),
  processId: Id,
  stepId: Id,
  /** Which seat is the Sender; the other seat is the Receiver. */
  sender: Seat,
  visible: z.boolean(),
  timer: z.nullable(OverlayTimer),
};

/** The overlay of one session, as stored and as returned by `GET /api/sessions/:id/overlay`. */
export const OverlayState = z.object({ ...common, card: z.nullable(OverlayCard) });
export type OverlayState = z.infer<typeof OverlayState>;

/**
 * The overlay as published in LiveKit room metadata: ids only. A custom card carries no text;
 * clients fetch it from `GET /api/sessions/:id/overlay`. Unknown keys are dropped on parse.
 */
export const LiveKitOverlay = z.object({
  ...common,
  card: z.nullable(
    z.discriminatedUnion('kind', [StemCard, z.object({ kind: z.literal('custom') }), PauseCard, SafetyCard]),
  ),
});
export type LiveKitOverlay = z.infer<typeof LiveKitOverlay>;

/** Every change the therapist can make to the overlay; the body's `action` of `POST …/overlay`. */
export const OverlayAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('selectProcess'), processId: Id }),
  z.strictObject({ type: z.literal('goToStep'), stepId: Id }),
  z.strictObject({ type: z.literal('next') }),
  z.strictObject({ type: z.literal('prev') }),
  z.strictObject({ type: z.literal('swapRoles') }),
  z.strictObject({ type: z.literal('showStem'), stemId: StemId }),
  z.strictObject({ type: z.literal('showCustom'), text: CustomText }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('showSafety'), cardId: Id }),
  z.strictObject({ type: z.literal('clearCard') }),
  z.strictObject({ type: z.literal('startTimer'), seconds: TimerSeconds }),
  z.strictObject({ type: z.literal('stopTimer') }),
  z.strictObject({ type: z.literal('setVisible'), visible: z.boolean() }),
]);
export type OverlayAction = z.infer<typeof OverlayAction>;
export type OverlayActionType = OverlayAction['type'];
