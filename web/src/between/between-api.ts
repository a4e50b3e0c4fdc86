/**
 * The Between-sessions routes (`shared/between-types.ts`) as the pages use them, through the one
 * typed client and `call`: every failure is an `ApiError`.
 *
 * @example const space = await coupleApi(token).space();
 */
import type {
  CaringAdd,
  CaringLists,
  CaringPatch,
  CoupleSpace,
  PracticeRecord,
  PracticeShare,
  WorksheetAdmin,
  WorksheetDraft,
} from '../../../shared/between-types';
import { call, client, partnerClient } from '../api';

/** A partner's calls, with their invite token. */
export function coupleApi(token: string) {
  const me = partnerClient(token).api.bookings.me;
  return {
    /** The worksheet (once shared), both caring lists, the unlocked processes and the records. */
    space: (): Promise<CoupleSpace> => call(me.between.$get()),
    addCaring: (json: CaringAdd): Promise<CaringLists> => call(me.caring.$post({ json })),
    patchCaring: (itemId: string, json: CaringPatch): Promise<CaringLists> =>
      call(me.caring[':itemId'].$patch({ param: { itemId: encodeURIComponent(itemId) }, json })),
    deleteCaring: (itemId: string): Promise<CaringLists> =>
      call(me.caring[':itemId'].$delete({ param: { itemId: encodeURIComponent(itemId) } })),
    /** Shares the one-line record of a home practice (process, duration, date). */
    sharePractice: (json: PracticeShare): Promise<{ record: PracticeRecord }> => call(me.practice.$post({ json })),
  };
}

export type CoupleApi = ReturnType<typeof coupleApi>;

/** The therapist's calls for one booking's worksheet (their session cookie). */
export function worksheetApi(bookingId: string) {
  const routes = client.api.me.bookings[':id'];
  const param = { id: encodeURIComponent(bookingId) };
  return {
    get: (): Promise<WorksheetAdmin> => call(routes.worksheet.$get({ param })),
    /** 409 `worksheet_changed` when `baseVersion` is not the stored version. */
    save: (json: WorksheetDraft): Promise<WorksheetAdmin> => call(routes.worksheet.$put({ param, json })),
    share: (): Promise<WorksheetAdmin> => call(routes.worksheet.share.$post({ param })),
    setPracticeProcesses: (processIds: string[]): Promise<WorksheetAdmin> =>
      call(routes['practice-processes'].$put({ param, json: { processIds } })),
  };
}

export type WorksheetApi = ReturnType<typeof worksheetApi>;
