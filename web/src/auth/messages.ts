import { defineMessages } from '../i18n/dictionary';

export const authMessages = defineMessages(
  {
    'signin.title': 'Sign in',
    'signin.lead':
      'For therapists. Enter your email address and we will send you a sign-in link. No password needed — and if you are new, this creates your account.',
    'signin.email': 'Email address',
    'signin.submit': 'Email me a sign-in link',
    'signin.sending': 'Sending…',
    'signin.sent.title': 'Check your email',
    'signin.sent.body':
      'If the address is right, a sign-in link is on its way to {email}. It works once and for 10 minutes. You can close this page.',
    'signin.sent.again': 'Use another address',
    'signin.tooMany': 'Too many sign-in requests. Please try again in {time}.',
    'signin.tooManySoon': 'Too many sign-in requests. Please wait a little and try again.',
    'signin.minutes': '{n} min',
    'signin.seconds': '{n} s',
    'signin.couples': 'Are you a couple with a booking? You do not need to sign in: use the personal link in your email.',
    'signin.already': 'You are signed in as {email}.',
    'signin.toDashboard': 'Go to your sessions',
    'verify.title': 'Sign in to Peegel',
    'verify.lead': 'Press the button to finish signing in.',
    'verify.submit': 'Sign in',
    'verify.working': 'Signing you in…',
    'verify.why':
      'We ask for this click so that an email security scanner that opens links cannot use up your sign-in link.',
    'verify.failed.title': 'This sign-in link does not work',
    'verify.failed.body': 'Sign-in links work once and only for 10 minutes. Please ask for a new one.',
    'verify.missing': 'The link is incomplete. Please open it again from your email, or ask for a new one.',
    'verify.again': 'Get a new sign-in link',
  },
  {
    'signin.title': 'Logi sisse',
    'signin.lead':
      'Terapeutidele. Sisesta oma e-posti aadress ja me saadame sulle sisselogimislingi. Parooli pole vaja – uuele kasutajale luuakse nii konto.',
    'signin.email': 'E-posti aadress',
    'signin.submit': 'Saada mulle sisselogimislink',
    'signin.sending': 'Saadan…',
    'signin.sent.title': 'Vaata oma postkasti',
    'signin.sent.body':
      'Kui aadress on õige, on sisselogimislink teel aadressile {email}. See töötab ühe korra ja 10 minutit. Võid selle lehe sulgeda.',
    'signin.sent.again': 'Kasuta teist aadressi',
    'signin.tooMany': 'Liiga palju sisselogimispäringuid. Palun proovi uuesti {time} pärast.',
    'signin.tooManySoon': 'Liiga palju sisselogimispäringuid. Palun oota veidi ja proovi uuesti.',
    'signin.minutes': '{n} min',
    'signin.seconds': '{n} s',
    'signin.couples': 'Oled broneeringuga paar? Sisse logima ei pea: kasuta e-kirjas olevat isiklikku linki.',
    'signin.already': 'Oled sisse logitud kui {email}.',
    'signin.toDashboard': 'Mine oma seansside juurde',
    'verify.title': 'Logi Peeglisse sisse',
    'verify.lead': 'Sisselogimise lõpetamiseks vajuta nuppu.',
    'verify.submit': 'Logi sisse',
    'verify.working': 'Login sind sisse…',
    'verify.why':
      'Küsime seda klõpsu, et e-posti turvaskanner, mis linke avab, ei saaks sinu sisselogimislinki ära kasutada.',
    'verify.failed.title': 'See sisselogimislink ei tööta',
    'verify.failed.body': 'Sisselogimislink töötab ühe korra ja ainult 10 minutit. Palun küsi uus.',
    'verify.missing': 'Link on poolik. Ava see e-kirjast uuesti või küsi uus.',
    'verify.again': 'Küsi uus sisselogimislink',
  },
);
