/** Strings of the couple's details form, shared by public booking and the therapist's "Book a couple". */
import { defineMessages } from '../i18n/dictionary';

export const formMessages = defineMessages(
  {
    'form.partner1': 'Partner 1',
    'form.partner2': 'Partner 2',
    'form.name': 'Name',
    'form.email': 'Email (optional)',
    'form.emailHint': 'Receives a personal link and a calendar invite.',
    'form.oneEmailNote':
      'At least one of you needs an email address. A partner without one joins through the other partner’s link — you will then join together on one device.',
    'form.locale': 'Language of the emails',
    'form.error.nameLong': 'Please use at most 80 characters.',
    'form.error.oneEmail': 'Please give an email address for at least one of you.',
    'form.error.consent': 'Please confirm this to book.',
  },
  {
    'form.partner1': 'Partner 1',
    'form.partner2': 'Partner 2',
    'form.name': 'Nimi',
    'form.email': 'E-post (vabatahtlik)',
    'form.emailHint': 'Saab isikliku lingi ja kalendrikutse.',
    'form.oneEmailNote':
      'Vähemalt ühel teist peab olema e-posti aadress. E-postita partner liitub teise partneri lingi kaudu – siis liitute koos ühest seadmest.',
    'form.locale': 'E-kirjade keel',
    'form.error.nameLong': 'Palun kasuta kuni 80 tähemärki.',
    'form.error.oneEmail': 'Palun sisesta vähemalt ühe partneri e-posti aadress.',
    'form.error.consent': 'Broneerimiseks palun kinnita see.',
  },
);
