/**
 * Booking emails in Estonian and English: confirmation with the partner's personal link and an
 * .ics invite, change and cancellation notices, reminders, and the therapist's notifications.
 */
import type { Locale, Seat } from '../../shared/schemas';
import type { Deps } from '../config';
import { log } from '../platform/log';
import type { MailMessage } from '../mail/mailer';
import { countRecipients } from '../mail/recipient-limit';
import type { TherapistItem } from '../therapists/repo';
import { dailyLimitsOn } from './quota';
import { inviteToken, type BookingItem } from './repo';

export type BookingEvent = 'confirmed' | 'rescheduled' | 'cancelled' | 'reminder-24h' | 'reminder-1h';

export function formatWhen(iso: string, timezone: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === 'et' ? 'et-EE' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(new Date(iso));
  return `${text} (${timezone})`;
}

export const manageUrl = (publicUrl: string, token: string) => `${publicUrl}/manage#token=${token}`;

const partnerSubjects: Record<Locale, Record<BookingEvent, (t: string) => string>> = {
  en: {
    confirmed: (t) => `Your session with ${t} is booked`,
    rescheduled: (t) => `Your session with ${t} has a new time`,
    cancelled: (t) => `Your session with ${t} is cancelled`,
    'reminder-24h': (t) => `Tomorrow: your session with ${t}`,
    'reminder-1h': (t) => `In one hour: your session with ${t}`,
  },
  et: {
    confirmed: (t) => `Sinu seanss terapeudiga ${t} on broneeritud`,
    rescheduled: (t) => `Sinu seansil terapeudiga ${t} on uus aeg`,
    cancelled: (t) => `Sinu seanss terapeudiga ${t} on tühistatud`,
    'reminder-24h': (t) => `Homme: sinu seanss terapeudiga ${t}`,
    'reminder-1h': (t) => `Tunni aja pärast: sinu seanss terapeudiga ${t}`,
  },
};

function partnerText(
  locale: Locale,
  event: BookingEvent,
  p: { name: string; other?: string; therapist: string; when: string; whenLocal?: string; link: string; together: boolean },
): string {
  const lines: string[] = [];
  if (locale === 'et') {
    lines.push(`Tere, ${p.name}!`, '');
    const head: Record<BookingEvent, string> = {
      confirmed: `Teie paariseanss terapeudiga ${p.therapist} on broneeritud.`,
      rescheduled: `Teie paariseansi aeg terapeudiga ${p.therapist} on muutunud.`,
      cancelled: `Teie paariseanss terapeudiga ${p.therapist} on tühistatud. Aeg on teistele vabaks antud.`,
      'reminder-24h': `Meeldetuletus: teie paariseanss terapeudiga ${p.therapist} on homme.`,
      'reminder-1h': `Meeldetuletus: teie paariseanss terapeudiga ${p.therapist} algab tunni aja pärast.`,
    };
    lines.push(head[event], '', `Aeg: ${p.when}`);
    if (p.whenLocal) lines.push(`Sinu ajas: ${p.whenLocal}`);
    if (event !== 'cancelled') {
      lines.push('', 'Sinu isiklik link (vaata, muuda, tühista ja liitu seansiga):', p.link);
      if (p.together && p.other) lines.push('', `${p.other} liitub sinuga samast seadmest.`);
      lines.push('', 'Seansiga saab liituda 10 minutit enne algust. Vali vaikne koht, kus saate rahulikult rääkida.', 'Seansse ei salvestata.');
    } else {
      lines.push('', 'Uue aja saad broneerida terapeudi broneerimislehelt.');
    }
    lines.push('', 'Peegel');
  } else {
    lines.push(`Hello ${p.name},`, '');
    const head: Record<BookingEvent, string> = {
      confirmed: `Your couples session with ${p.therapist} is booked.`,
      rescheduled: `Your couples session with ${p.therapist} has moved to a new time.`,
      cancelled: `Your couples session with ${p.therapist} is cancelled. The time has been released.`,
      'reminder-24h': `A reminder: your couples session with ${p.therapist} is tomorrow.`,
      'reminder-1h': `A reminder: your couples session with ${p.therapist} starts in one hour.`,
    };
    lines.push(head[event], '', `When: ${p.when}`);
    if (p.whenLocal) lines.push(`Your time: ${p.whenLocal}`);
    if (event !== 'cancelled') {
      lines.push('', 'Your personal link (view, change, cancel and join the session):', p.link);
      if (p.together && p.other) lines.push('', `${p.other} will join together with you on your device.`);
      lines.push('', 'You can join 10 minutes before the start. Find a quiet place where you can talk undisturbed.', 'Sessions are never recorded.');
    } else {
      lines.push('', "You can book a new time on the therapist's booking page.");
    }
    lines.push('', 'Peegel');
  }
  return lines.join('\n');
}

const therapistSubjects: Record<Locale, Record<'confirmed' | 'rescheduled' | 'cancelled', string>> = {
  en: { confirmed: 'New booking', rescheduled: 'Booking moved', cancelled: 'Booking cancelled' },
  et: { confirmed: 'Uus broneering', rescheduled: 'Broneering nihkus', cancelled: 'Broneering tühistati' },
};

/**
 * Sends the emails of one booking event; a failed send is logged and never undoes the booking.
 * The partners' messages count against their daily limit: `reserved` when the caller already
 * reserved them (a new booking, a reschedule), else counted here without refusing.
 */
export async function sendBookingEmails(
  d: Deps,
  therapist: TherapistItem,
  booking: BookingItem,
  event: BookingEvent,
  options: { previousStart?: string; notifyTherapist?: boolean; reserved?: boolean } = {},
): Promise<void> {
  const messages: MailMessage[] = [];
  const cancelled = event === 'cancelled';
  // Loaded on first use: the calendar library (with its timezone table) is a third of the
  // booking bundle and is needed only when an email goes out.
  const { buildIcs } = await import('./ics');
  const ics = buildIcs({
    bookingId: booking.id,
    start: new Date(booking.start),
    end: new Date(booking.end),
    timezone: therapist.timezone,
    summary: booking.locale === 'et' ? `Paariseanss: ${therapist.displayName}` : `Couples session: ${therapist.displayName}`,
    description: booking.locale === 'et' ? 'Peegli videoseanss' : 'Peegel video session',
    url: `${d.config.publicUrl}/manage`,
    sequence: booking.version,
    cancelled,
    organizer: { name: therapist.displayName, email: therapist.email },
  });
  const withEmail = booking.partners.filter((p) => p.email);
  for (const partner of withEmail) {
    const link = manageUrl(d.config.publicUrl, inviteToken(d.config.signingKey, booking.id, partner.seat as Seat));
    const other = booking.partners.find((p) => p.seat !== partner.seat);
    const when = formatWhen(booking.start, therapist.timezone, booking.locale);
    const whenLocal =
      booking.timezone && booking.timezone !== therapist.timezone
        ? formatWhen(booking.start, booking.timezone, booking.locale)
        : undefined;
    messages.push({
      to: partner.email!,
      subject: partnerSubjects[booking.locale][event](therapist.displayName),
      text: partnerText(booking.locale, event, {
        name: partner.name,
        other: other?.name,
        therapist: therapist.displayName,
        when,
        whenLocal,
        link,
        together: !!other && !other.email,
      }),
      links: cancelled ? [] : [link],
      attachments:
        event === 'confirmed' || event === 'rescheduled' || cancelled
          ? [{ filename: 'peegel-session.ics', contentType: 'text/calendar; charset=utf-8; method=' + (cancelled ? 'CANCEL' : 'REQUEST'), content: ics }]
          : undefined,
    });
  }
  if (options.notifyTherapist && (event === 'confirmed' || event === 'rescheduled' || cancelled)) {
    const tl = therapist.locale;
    const when = formatWhen(booking.start, therapist.timezone, tl);
    const names = booking.partners.map((p) => p.name).join(' & ');
    const dashboard = `${d.config.publicUrl}/app`;
    const before = options.previousStart ? formatWhen(options.previousStart, therapist.timezone, tl) : '';
    const text =
      tl === 'et'
        ? [`${therapistSubjects.et[event]}: ${names}`, `Aeg: ${when}`, before && `Varem: ${before}`, '', `Töölaud: ${dashboard}`]
        : [`${therapistSubjects.en[event]}: ${names}`, `When: ${when}`, before && `Previously: ${before}`, '', `Dashboard: ${dashboard}`];
    messages.push({
      to: therapist.email,
      subject: `${therapistSubjects[tl][event]} · ${when}`,
      text: text.filter((l) => l !== '').join('\n'),
      links: [dashboard],
      attachments: [{ filename: 'peegel-session.ics', contentType: 'text/calendar; charset=utf-8', content: ics }],
    });
  }
  if (!options.reserved && dailyLimitsOn(d)) await countRecipients(d.table, withEmail.map((p) => p.email!), d.now());
  for (const m of messages) {
    try {
      await d.mailer.send(m);
    } catch (err) {
      log.error('email_failed', { bookingId: booking.id, event, error: (err as Error).name });
    }
  }
}
