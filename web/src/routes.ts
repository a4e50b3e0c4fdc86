/**
 * The route table. Each page is a lazily loaded component, so a visitor downloads only the page
 * they open. Add a feature by appending entries, e.g.
 * `{ pattern: '/session/:id', load: () => import('./session/SessionPage.svelte'), chrome: 'none' }`.
 */
import type { Component } from 'svelte';

/** Props every page receives. */
export interface PageProps {
  /** Values of the `:name` segments of the matched pattern. */
  params: Record<string, string>;
}

export interface Route {
  /** A path such as `/book/:slug`; `:name` matches one segment. */
  pattern: string;
  load: () => Promise<{ default: Component<PageProps> }>;
  /** `full` (default) shows the site header and footer; `none` gives the page the whole screen. */
  chrome?: 'full' | 'none';
}

export const routes: Route[] = [
  { pattern: '/', load: () => import('./landing/LandingPage.svelte') },
  { pattern: '/book/:slug', load: () => import('./booking/BookingPage.svelte') },
  { pattern: '/manage', load: () => import('./manage/ManagePage.svelte') },
  { pattern: '/manage/practice', load: () => import('./between/PracticePage.svelte'), chrome: 'none' },
  { pattern: '/privacy', load: () => import('./legal/PrivacyPage.svelte') },
  { pattern: '/telehealth', load: () => import('./legal/TelehealthPage.svelte') },
  { pattern: '/signin', load: () => import('./auth/SignInPage.svelte') },
  { pattern: '/signin/verify', load: () => import('./auth/VerifyPage.svelte') },
  { pattern: '/app', load: () => import('./therapist/DashboardPage.svelte') },
  { pattern: '/app/settings', load: () => import('./therapist/SettingsPage.svelte') },
  { pattern: '/app/availability', load: () => import('./therapist/AvailabilityPage.svelte') },
  { pattern: '/app/wording', load: () => import('./therapist/WordingPage.svelte') },
  { pattern: '/session/:id/timeline', load: () => import('./session/TimelinePage.svelte') },
  { pattern: '/session/:id', load: () => import('./session/SessionPage.svelte'), chrome: 'none' },
];

/** Shown when no route matches. */
export const notFound: Route = { pattern: '*', load: () => import('./landing/NotFoundPage.svelte') };
