/**
 * A therapist's own wording of the deck (`shared/dialogues/overrides.ts`), kept on their profile
 * item as `deckOverrides` with its own `deckVersion`: editing the wording never races with the
 * profile's settings (`version`), and the session routes that already read the profile get the
 * wording in the same read.
 */
import { isEmptyOverrides, type DeckOverrides } from '../../shared/dialogues/overrides';
import { ifConditionHolds, type TableClient } from '../db/table-client';
import { conflict } from '../http/errors';
import { profileKey, type TherapistItem } from './repo';

/** The wording as `GET`/`PUT /api/me/deck` answer it; version 0 before the first save. */
export interface DeckOverridesView {
  overrides: DeckOverrides;
  version: number;
}

/** The stored wording of a profile, or none. */
export function overridesOf(t: Pick<TherapistItem, 'deckOverrides'>): DeckOverrides | null {
  return isEmptyOverrides(t.deckOverrides) ? null : (t.deckOverrides ?? null);
}

export function deckOverridesView(t: Pick<TherapistItem, 'deckOverrides' | 'deckVersion'>): DeckOverridesView {
  return { overrides: overridesOf(t) ?? { texts: {}, added: {} }, version: t.deckVersion ?? 0 };
}

/** Without empty steps and processes in `added`, so equal wordings are stored alike. */
function normalized(overrides: DeckOverrides): DeckOverrides {
  const added: DeckOverrides['added'] = {};
  for (const [processId, steps] of Object.entries(overrides.added)) {
    for (const [stepId, stems] of Object.entries(steps)) {
      if (stems.length > 0) (added[processId] ??= {})[stepId] = stems;
    }
  }
  return { texts: overrides.texts, added };
}

/**
 * Replaces the therapist's wording if it is still at `baseVersion` (0: never saved), in one
 * conditional write. A stale base is a 409 `deck_changed` with the current version; a profile
 * that does not exist is `undefined`.
 *
 * The condition, with the timeline it protects: the therapist edits in two tabs, both loaded at
 * version 3; tab 1 saves (→ 4); tab 2 saves on base 3 and is refused instead of silently undoing
 * tab 1's edits. `attribute_exists(pk)` keeps the update from creating a bare profile.
 */
export async function writeDeckOverrides(
  table: TableClient,
  therapistId: string,
  overrides: DeckOverrides,
  baseVersion: number,
): Promise<DeckOverridesView | undefined> {
  const value = normalized(overrides);
  const empty = isEmptyOverrides(value);
  const updated = await ifConditionHolds(
    table.update<TherapistItem>({
      Key: profileKey(therapistId),
      UpdateExpression: empty ? 'SET #dv = :next REMOVE #do' : 'SET #dv = :next, #do = :o',
      ConditionExpression:
        baseVersion === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#dv)' : 'attribute_exists(pk) AND #dv = :base',
      ExpressionAttributeNames: { '#dv': 'deckVersion', '#do': 'deckOverrides' },
      ExpressionAttributeValues: {
        ':next': baseVersion + 1,
        ...(baseVersion !== 0 && { ':base': baseVersion }),
        ...(!empty && { ':o': value }),
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  if (updated) return deckOverridesView(updated);
  const current = await table.get<TherapistItem>(profileKey(therapistId).pk, profileKey(therapistId).sk);
  if (!current) return undefined;
  throw conflict('deck_changed', 'Your wording was changed meanwhile (another tab or device); reload it and try again', {
    version: current.deckVersion ?? 0,
  });
}
