/**
 * The session overlay: its zod schemas, the one pure reducer, the ids-only LiveKit copy and
 * the localized view for the screens.
 */
export {
  BcrChoice,
  CustomText,
  LiveKitOverlay,
  OverlayAction,
  OverlayCard,
  OverlaySnapshot,
  OverlayState,
  OverlayTimer,
  ParentRoleId,
  TimerSeconds,
  type OverlayActionType,
} from './schema';
export {
  applyOverlayAction,
  BCR_PROCESS_ID,
  DEFAULT_PROCESS_ID,
  initialOverlay,
  OVERLAY_ERROR_CODES,
  PARENT_CHILD_PROCESS_ID,
  shouldApply,
  timerRemaining,
  type OverlayErrorCode,
  type OverlayResult,
} from './reducer';
export {
  encodeLiveKitOverlay,
  liveKitCard,
  overlayForLiveKit,
  parseLiveKitOverlay,
} from './livekit-metadata';
export {
  overlayView,
  withBcrRequestTexts,
  type BcrRequestTexts,
  type OverlayCardView,
  type OverlayListItem,
  type OverlayStepView,
  type OverlayTimerView,
  type OverlayView,
} from './view';
