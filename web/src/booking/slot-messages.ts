/** Strings of the slot picker, shared by the booking page and the partner's reschedule view. */
import { defineMessages } from '../i18n/dictionary';

export const slotMessages = defineMessages(
  {
    'slots.previousWeek': 'Previous week',
    'slots.nextWeek': 'Next week',
    'slots.previous': 'Previous',
    'slots.next': 'Next',
    'slots.week': 'Week of {range}',
    'slots.loading': 'Loading free times…',
    'slots.searching': 'Looking for the next free times…',
    'slots.empty': 'No free times in this week.',
    'slots.showNext': 'Show next week',
    'slots.noneSoon': 'No times are open for booking in the coming weeks. Please check again later.',
    'slots.error': 'Free times could not be loaded.',
    'slots.count': '{n} free times this week',
    'slots.selected': 'selected',
    'slots.shownIn': 'Times are shown in',
    'slots.therapistZone': 'The therapist’s time zone is {zone}.',
  },
  {
    'slots.previousWeek': 'Eelmine nädal',
    'slots.nextWeek': 'Järgmine nädal',
    'slots.previous': 'Eelmine',
    'slots.next': 'Järgmine',
    'slots.week': 'Nädal {range}',
    'slots.loading': 'Laadin vabu aegu…',
    'slots.searching': 'Otsin järgmisi vabu aegu…',
    'slots.empty': 'Sel nädalal vabu aegu pole.',
    'slots.showNext': 'Näita järgmist nädalat',
    'slots.noneSoon': 'Lähinädalatel pole broneerimiseks vabu aegu. Palun vaata hiljem uuesti.',
    'slots.error': 'Vabu aegu ei õnnestunud laadida.',
    'slots.count': 'Sel nädalal {n} vaba aega',
    'slots.selected': 'valitud',
    'slots.shownIn': 'Ajad on näidatud ajavööndis',
    'slots.therapistZone': 'Terapeudi ajavöönd on {zone}.',
  },
);
