/**
 * The API's error codes: every `{"error": {"code"}}` the server sends is one of these, and the web
 * client compares against the same list, so a misspelt or unknown code is a compile error on both
 * sides. Overlay actions the reducer refuses answer 422 with their own `OverlayErrorCode`.
 */
import { OVERLAY_ERROR_CODES } from './overlay/reducer';

export const API_ERROR_CODES = [
  // Request shape and routing
  'malformed_request',
  'request_error',
  'invalid_request',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'internal',
  // Who is asking
  'unauthorized',
  'forbidden',
  'invalid_token',
  'invalid_signature',
  // Limits
  'rate_limited',
  'daily_booking_limit',
  'email_limit',
  'email_unavailable',
  // Idempotent requests
  'invalid_idempotency_key',
  'idempotency_key_reused',
  'request_in_progress',
  // Bookings and the calendar
  'slot_unavailable',
  'busy_try_again',
  'booking_changed',
  'version_conflict',
  'change_in_progress',
  'not_confirmed',
  'session_over',
  'outside_cancel_window',
  'still_active',
  'booking_cancelled',
  // Therapist profile
  'slug_taken',
  'try_again',
  'deck_changed',
  // Sessions, the waiting room and the overlay
  'not_open',
  'session_ended',
  'not_cancelled',
  'no_key',
  'not_waiting',
  'lobby_changed',
  'not_admitted',
  'not_in_room',
  'no_microphone',
  'no_signal',
  'stale_overlay',
  // Between sessions: the worksheet, caring behaviours, home practice
  'worksheet_changed',
  'list_changed',
  'list_full',
  'practice_limit',
  ...OVERLAY_ERROR_CODES,
] as const;

/** A code the API sends in `{"error": {"code"}}`. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Codes the web client adds for failures without an API answer: no network, or not our JSON. */
export type ClientErrorCode = 'network' | 'bad_response';
