/** Accounts and booking: sign-in, the therapist's settings and bookings, public booking, partners. */
import { Hono } from 'hono';
import type { AppEnv } from './config';
import { authRoutes } from './auth/routes';
import { betweenPartnerRoutes, betweenTherapistRoutes } from './between/routes';
import { partnerBookingRoutes, publicTherapistRoutes } from './booking/routes';
import { meRoutes } from './therapists/routes';

export const bookingApi = new Hono<AppEnv>()
  .route('/auth', authRoutes)
  .route('/me', meRoutes)
  // After meRoutes and partnerBookingRoutes: their requireTherapist / requirePartner run first on
  // these paths too, and the between groups reuse what they found (between/routes.ts).
  .route('/me', betweenTherapistRoutes)
  .route('/therapists', publicTherapistRoutes)
  .route('/bookings/me', partnerBookingRoutes)
  .route('/bookings/me', betweenPartnerRoutes);
