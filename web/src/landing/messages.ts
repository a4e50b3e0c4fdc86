import { defineMessages } from '../i18n/dictionary';

export const landingMessages = defineMessages(
  {
    'landing.title': 'Peegel — Imago couples therapy online',
    'landing.eyebrow': 'Imago couples therapy, online',
    'landing.heading': 'A calm room for a couple and their therapist',
    'landing.lead':
      'Peegel is where Imago therapists meet couples by video. The therapist guides each step of the dialogue on screen, so both partners can stay with each other.',
    'landing.f1.title': 'Book in a few steps',
    'landing.f1.body':
      'Couples choose a time on their therapist’s page, in their own time zone, and each partner gets a personal link by email.',
    'landing.f2.title': 'The dialogue on screen',
    'landing.f2.body':
      'Who is sender and who is receiver, the current step and the sentence to start with appear over the video, set by the therapist.',
    'landing.f3.title': 'Private by design',
    'landing.f3.body':
      'No accounts for couples and no recordings, ever. Only what the session needs is stored, and it is deleted after a set time.',
    'landing.therapists.title': 'For therapists',
    'landing.therapists.body':
      'Publish your booking page, set your weekly hours and run sessions from your browser. Signing in with your email address creates your account.',
    'landing.therapists.cta': 'Sign in',
    'landing.couples.title': 'Already booked?',
    'landing.couples.body':
      'Open the personal link in your confirmation email to see, change or join your session.',
  },
  {
    'landing.title': 'Peegel – Imago suhteteraapia veebis',
    'landing.eyebrow': 'Imago suhteteraapia veebis',
    'landing.heading': 'Rahulik ruum paarile ja nende terapeudile',
    'landing.lead':
      'Peeglis kohtuvad Imago terapeudid paaridega video vahendusel. Terapeut juhib dialoogi iga sammu ekraanil, nii et mõlemad partnerid saavad keskenduda teineteisele.',
    'landing.f1.title': 'Broneerimine mõne sammuga',
    'landing.f1.body':
      'Paar valib aja oma terapeudi lehel oma ajavööndis ning kumbki partner saab e-kirjaga isikliku lingi.',
    'landing.f2.title': 'Dialoog ekraanil',
    'landing.f2.body':
      'Kes on saatja ja kes vastuvõtja, käimasolev samm ja lause algus ilmuvad video peale – neid juhib terapeut.',
    'landing.f3.title': 'Privaatsus eelkõige',
    'landing.f3.body':
      'Paaridel pole vaja kontot ja midagi ei salvestata, mitte kunagi. Hoiame ainult seda, mida seanss vajab, ja kustutame selle kindla aja möödudes.',
    'landing.therapists.title': 'Terapeutidele',
    'landing.therapists.body':
      'Avalda oma broneerimisleht, määra nädala vastuvõtuajad ja vii seansse läbi brauseris. E-posti aadressiga sisse logides luuakse sulle konto.',
    'landing.therapists.cta': 'Logi sisse',
    'landing.couples.title': 'Aeg juba broneeritud?',
    'landing.couples.body':
      'Ava kinnituskirjas olev isiklik link, et oma seanssi vaadata, muuta või sellega liituda.',
  },
);
