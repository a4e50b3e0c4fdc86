/** The demo therapist of local mode: created once, then a fresh sign-in link on every start. */
import type { Deps } from '../config';
import { createSignInToken } from '../auth/service';
import { findOrCreateTherapist, getTherapistBySlug, claimSlug, releaseSlug, updateTherapist } from '../therapists/repo';

export const DEMO_EMAIL = 'demo@peegel.local';
export const DEMO_SLUG = 'demo';

export async function seedDemo(d: Deps): Promise<string> {
  const now = d.now();
  const t = await findOrCreateTherapist(d.table, DEMO_EMAIL, 'et', now);
  // Give a brand-new demo account its public address and hours (once; later edits are kept).
  if (t.version === 1) {
    const slugFree = t.slug === DEMO_SLUG || (!(await getTherapistBySlug(d.table, DEMO_SLUG)) && (await claimSlug(d.table, DEMO_SLUG, t.id)));
    const oldSlug = t.slug;
    await updateTherapist(d.table, t, {
      ...(slugFree ? { slug: DEMO_SLUG } : {}),
      displayName: 'Kadri Tamm',
      minNoticeHours: 2,
      availability: {
        weekly: [1, 2, 3, 4, 5]
          .map((day) => ({ day, start: '09:00', end: '18:00' }))
          .concat([{ day: 6, start: '10:00', end: '14:00' }]),
        overrides: [],
      },
    });
    if (slugFree && oldSlug !== DEMO_SLUG) await releaseSlug(d.table, oldSlug, t.id);
  }
  const token = await createSignInToken(d.table, DEMO_EMAIL, 'et', now);
  return `${d.config.publicUrl}/signin/verify#token=${token}`;
}
