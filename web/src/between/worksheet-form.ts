/**
 * The therapist's worksheet editor as pure rules: the form from the server's draft, whether it
 * changed, whether the shared copy is behind the draft, and the PUT body with `baseVersion`.
 */
import type { BcrRequests, SharedWorksheet, WorksheetAdmin, WorksheetDraft } from '../../../shared/between-types';
import type { Seat } from '../../../shared/schemas';

/** Limits of the contract. */
export const NOTE_MAX = 2000;
export const APPRECIATIONS_MAX = 20;
export const TEXT_MAX = 300;

/** What the editor holds: the draft's fields, without its version. */
export interface WorksheetForm {
  note: string;
  appreciations: { from: Seat; text: string }[];
  bcr: BcrRequests | null;
  processIds: string[];
}

/** A fresh, independent copy of the server's draft for editing. */
export function formFromAdmin(admin: WorksheetAdmin): WorksheetForm {
  const { note, appreciations, bcr, processIds } = admin.draft;
  return {
    note,
    appreciations: appreciations.map((a) => ({ ...a })),
    bcr: bcr ? { ...bcr, requests: [...bcr.requests] } : null,
    processIds: [...processIds],
  };
}

/** The form in a canonical, comparable shape: trimmed texts, empty appreciations dropped, ids sorted. */
export function normalize(form: WorksheetForm): WorksheetForm {
  return {
    note: form.note.trim(),
    appreciations: form.appreciations.map((a) => ({ from: a.from, text: a.text.trim() })).filter((a) => a.text),
    bcr: form.bcr
      ? {
          from: form.bcr.from,
          chosen: form.bcr.chosen,
          requests: form.bcr.requests.map((r) => r.trim()) as [string, string, string],
        }
      : null,
    processIds: [...new Set(form.processIds)].sort(),
  };
}

function same(a: WorksheetForm, b: WorksheetForm): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Whether the editor differs from the saved draft. */
export function isDirty(form: WorksheetForm, admin: WorksheetAdmin): boolean {
  return !same(form, formFromAdmin(admin));
}

/**
 * Where sharing stands: `never` shared, `current` (the couple sees the saved draft) or `behind`
 * (the draft was edited after sharing; share again).
 */
export function shareState(admin: WorksheetAdmin): 'never' | 'current' | 'behind' {
  if (!admin.shared) return 'never';
  return same(formFromAdmin(admin), fromShared(admin.shared)) ? 'current' : 'behind';
}

function fromShared(shared: SharedWorksheet): WorksheetForm {
  return { note: shared.note, appreciations: shared.appreciations, bcr: shared.bcr, processIds: shared.processIds };
}

export type WorksheetProblem = 'note' | 'appreciations' | 'bcr';

/** What must change before saving; empty when the form can be saved. */
export function worksheetProblems(form: WorksheetForm): WorksheetProblem[] {
  const n = normalize(form);
  const problems: WorksheetProblem[] = [];
  if (n.note.length > NOTE_MAX) problems.push('note');
  if (n.appreciations.length > APPRECIATIONS_MAX || n.appreciations.some((a) => a.text.length > TEXT_MAX)) {
    problems.push('appreciations');
  }
  if (n.bcr && n.bcr.requests.some((r) => !r || r.length > TEXT_MAX)) problems.push('bcr');
  return problems;
}

/** The PUT body: the normalized form on top of the version it was edited from. */
export function draftBody(form: WorksheetForm, admin: WorksheetAdmin): WorksheetDraft {
  return { baseVersion: admin.draft.version, ...normalize(form), processIds: [...new Set(form.processIds)] };
}

/** Three empty requests from `from`, for a therapist who adds them by hand. */
export function emptyBcr(from: Seat): BcrRequests {
  return { from, chosen: null, requests: ['', '', ''] };
}
