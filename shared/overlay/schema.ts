/**
 * zod schemas of the session overlay (DESIGN §5): the state the therapist drives, the actions
 * that change it, and the ids-only copy that travels in LiveKit room metadata.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(64);
const StemId = z.string().min(1).max(160);

const Seat = z.enum(['A', 'B']);

/** Free text the therapist types for a custom card: trimmed, 1–280 characters. */
export const CustomText = z.string().trim().min(1).max(280);

/** Timer length in whole seconds, 10 s to 1 h. */
export const TimerSeconds = z.number().int().min(10).max(3600);

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
  version: z.number().int().min(0),
  processId: Id,
  stepId: Id,
  /** Which seat is the Sender; the other seat is the Receiver. */
  sender: Seat,
  visible: z.boolean(),
  timer: OverlayTimer.nullable(),
};

/** The overlay of one session, as stored and as returned by `GET /api/sessions/:id/overlay`. */
export const OverlayState = z.object({ ...common, card: OverlayCard.nullable() });
export type OverlayState = z.infer<typeof OverlayState>;

/**
 * The overlay as published in LiveKit room metadata: ids only. A custom card carries no text;
 * clients fetch it from `GET /api/sessions/:id/overlay`. Unknown keys are dropped on parse.
 */
export const LiveKitOverlay = z.object({
  ...common,
  card: z
    .discriminatedUnion('kind', [
      StemCard,
      z.object({ kind: z.literal('custom') }),
      PauseCard,
      SafetyCard,
    ])
    .nullable(),
});
export type LiveKitOverlay = z.infer<typeof LiveKitOverlay>;

/** Every change the therapist can make to the overlay; the body's `action` of `POST …/overlay`. */
export const OverlayAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('selectProcess'), processId: Id }).strict(),
  z.object({ type: z.literal('goToStep'), stepId: Id }).strict(),
  z.object({ type: z.literal('next') }).strict(),
  z.object({ type: z.literal('prev') }).strict(),
  z.object({ type: z.literal('swapRoles') }).strict(),
  z.object({ type: z.literal('showStem'), stemId: StemId }).strict(),
  z.object({ type: z.literal('showCustom'), text: CustomText }).strict(),
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('showSafety'), cardId: Id }).strict(),
  z.object({ type: z.literal('clearCard') }).strict(),
  z.object({ type: z.literal('startTimer'), seconds: TimerSeconds }).strict(),
  z.object({ type: z.literal('stopTimer') }).strict(),
  z.object({ type: z.literal('setVisible'), visible: z.boolean() }).strict(),
]);
export type OverlayAction = z.infer<typeof OverlayAction>;
export type OverlayActionType = OverlayAction['type'];
