/**
 * A partner's invite token: arrives in the URL fragment of the emailed link (`/manage#token=…`),
 * is kept in sessionStorage for this tab, and sent as `Authorization: Bearer`. The session
 * pages read it the same way.
 */

export const INVITE_TOKEN_KEY = 'peegel.inviteToken';

export function storeInviteToken(token: string): void {
  try {
    sessionStorage.setItem(INVITE_TOKEN_KEY, token);
  } catch {
    // Storage blocked: the token still works for this page view.
  }
}

export function readInviteToken(): string | undefined {
  try {
    return sessionStorage.getItem(INVITE_TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetInviteToken(): void {
  try {
    sessionStorage.removeItem(INVITE_TOKEN_KEY);
  } catch {
    // nothing stored
  }
}
