/**
 * The privacy notice and the telehealth consent, in both languages. Each text carries the version
 * a booking stores with the couple's consent (`CONSENT_VERSIONS`); change the version whenever the
 * meaning of a text changes.
 */
import type { Locale } from '../../../shared/schemas';

export interface LegalSection {
  heading: string;
  paragraphs: string[];
  list?: string[];
}

export interface LegalDoc {
  title: string;
  intro: string;
  versionLabel: string;
  sections: LegalSection[];
}

export const privacyNotice: Record<Locale, LegalDoc> = {
  en: {
    title: 'Privacy notice',
    intro:
      'Peegel is a video-session service for Imago couples therapy. This notice explains what we keep about the two of you when you book and attend a session, why, for how long, and what your rights are.',
    versionLabel: 'Version {version}',
    sections: [
      {
        heading: 'Who is responsible',
        paragraphs: [
          'Your therapist decides why and how your data is used for your therapy and is the controller of it. Peegel processes the data on your therapist’s behalf, only to run bookings and video sessions.',
        ],
      },
      {
        heading: 'Health data',
        paragraphs: [
          'That you attend couples therapy is information about your health, a special category of personal data under Article 9 of the EU General Data Protection Regulation (GDPR). It is processed only with your explicit consent, given when you book (Art. 9(2)(a)), and to provide the care you asked for (Art. 9(2)(h)).',
        ],
      },
      {
        heading: 'What is stored',
        paragraphs: ['Only what a booking and a session need:'],
        list: [
          'both partners’ names and the email addresses you give;',
          'the time, length and status of the booking, and the language of your emails;',
          'your consent: which version of this notice and of the telehealth consent you accepted, and when;',
          'for the therapist’s session notes: when each of you joined and left, and which dialogue steps were used for how long — never what was said;',
          'between sessions: the worksheet your therapist chooses to share with you (the dialogues practised, a note, appreciations and requests), the caring behaviours each of you lists, and — only if you choose to share them — short records of your home practice (which dialogue, how long, when; never what was said).',
        ],
      },
      {
        heading: 'Never recorded',
        paragraphs: [
          'Audio and video are never recorded or stored, by Peegel or by the video service. Video is carried by LiveKit, a real-time media service: it is encrypted on the way and passes through without being kept. LiveKit receives only the display names shown on the video tiles — no email addresses and no notes.',
        ],
      },
      {
        heading: 'Who else receives data',
        paragraphs: [
          'An email delivery service sends your booking emails and reminders. Our hosting provider stores the data in its data centres. Both act only on our instructions. Logs contain technical identifiers, never names, email addresses or free text.',
        ],
      },
      {
        heading: 'How long it is kept',
        paragraphs: [
          'Booking data is deleted a set time after the session, as your therapist has configured, and earlier if you ask. Personal links keep working until the booking’s data is deleted, so that you can come back to your worksheet and practise at home. Peegel sets no tracking or advertising cookies; your language choice is kept only in your browser.',
        ],
      },
      {
        heading: 'Your rights — each partner’s own',
        paragraphs: [
          'Each of you may, separately, ask to see the data about you, to correct it, to have it deleted, to restrict its use or to receive a copy. You may withdraw your consent at any time by cancelling the booking; sessions already held are not affected. You may also complain to a data protection authority, in Estonia the Andmekaitse Inspektsioon.',
          'To use these rights, contact your therapist. A partner’s email address is never shown to the other partner’s link.',
        ],
      },
    ],
  },
  et: {
    title: 'Privaatsusteade',
    intro:
      'Peegel on videoseansside teenus Imago suhteteraapia jaoks. Siit leiate, mida me teie kohta broneerimisel ja seansil hoiame, miks, kui kaua ning millised on teie õigused.',
    versionLabel: 'Versioon {version}',
    sections: [
      {
        heading: 'Kes vastutab',
        paragraphs: [
          'Teie terapeut otsustab, miks ja kuidas teie andmeid teraapias kasutatakse, ning on nende vastutav töötleja. Peegel töötleb andmeid terapeudi nimel ainult broneeringute ja videoseansside tegemiseks.',
        ],
      },
      {
        heading: 'Terviseandmed',
        paragraphs: [
          'See, et käite paariteraapias, on teave teie tervise kohta – isikuandmete eriliik Euroopa Liidu isikuandmete kaitse üldmääruse (IKÜM) artikli 9 tähenduses. Seda töödeldakse ainult teie sõnaselge nõusoleku alusel, mille annate broneerimisel (art 9 lg 2 p a), ja teie soovitud abi osutamiseks (art 9 lg 2 p h).',
        ],
      },
      {
        heading: 'Mida hoitakse',
        paragraphs: ['Ainult seda, mida broneering ja seanss vajavad:'],
        list: [
          'mõlema partneri nimi ja teie antud e-posti aadressid;',
          'broneeringu aeg, kestus ja olek ning teie e-kirjade keel;',
          'teie nõusolek: millise versiooni privaatsusteatest ja kaugteraapia nõusolekust aktsepteerisite ja millal;',
          'terapeudi seansiülevaate jaoks: millal kumbki liitus ja lahkus ning milliseid dialoogi samme kui kaua kasutati – mitte kunagi seda, mida räägiti;',
          'seansside vahel: tööleht, mida terapeut otsustab teiega jagada (harjutatud dialoogid, märkus, tunnustused ja palved), hoolivad teod, mille kumbki kirja paneb, ning – ainult kui otsustate neid jagada – lühikesed märked kodusest harjutamisest (milline dialoog, kui kaua, millal; mitte kunagi see, mida räägiti).',
        ],
      },
      {
        heading: 'Midagi ei salvestata',
        paragraphs: [
          'Heli ja pilti ei salvesta ega säilita kunagi ei Peegel ega videoteenus. Videopilti edastab reaalajas meediateenus LiveKit: see on teel krüpteeritud ja liigub läbi ilma, et seda hoitaks. LiveKit saab ainult videoakendel näidatavad nimed – mitte e-posti aadresse ega märkmeid.',
        ],
      },
      {
        heading: 'Kes veel andmeid saab',
        paragraphs: [
          'E-kirjade edastamise teenus saadab teie broneerimiskirjad ja meeldetuletused. Majutusteenuse pakkuja hoiab andmeid oma andmekeskustes. Mõlemad tegutsevad ainult meie juhiste järgi. Logides on ainult tehnilised tunnused, mitte nimed, e-posti aadressid ega vaba tekst.',
        ],
      },
      {
        heading: 'Kui kaua andmeid hoitakse',
        paragraphs: [
          'Broneeringu andmed kustutatakse terapeudi määratud aja möödudes pärast seanssi ja teie soovil varem. Isiklikud lingid töötavad seni, kuni broneeringu andmed kustutatakse, et saaksite oma töölehe juurde tagasi tulla ja kodus harjutada. Peegel ei kasuta jälgimis- ega reklaamiküpsiseid; teie keelevalik jääb ainult teie brauserisse.',
        ],
      },
      {
        heading: 'Teie õigused – kummagi partneri omad',
        paragraphs: [
          'Kumbki teist võib eraldi küsida enda andmeid näha, neid parandada, kustutada, nende kasutamist piirata või saada neist koopia. Nõusoleku saate igal ajal tagasi võtta broneeringu tühistamisega; juba toimunud seansse see ei mõjuta. Samuti võite pöörduda järelevalveasutuse poole, Eestis Andmekaitse Inspektsiooni.',
          'Õiguste kasutamiseks võtke ühendust oma terapeudiga. Ühe partneri e-posti aadressi ei näidata kunagi teise partneri lingi kaudu.',
        ],
      },
    ],
  },
};

export const telehealthConsent: Record<Locale, LegalDoc> = {
  en: {
    title: 'Telehealth consent',
    intro:
      'By booking, both of you agree to receive couples therapy by video. Please read what that means before your first session.',
    versionLabel: 'Version {version}',
    sections: [
      {
        heading: 'Sessions by video',
        paragraphs: [
          'Sessions take place over the internet in your browser. You may join together from one device or each from your own. Please join from a private, quiet place where no one else can listen in, and do not record the session yourselves — that protects both of you.',
        ],
      },
      {
        heading: 'Not for emergencies',
        paragraphs: [
          'Peegel and your therapist cannot respond to emergencies between sessions. If you or someone else is in danger, call 112 (the emergency number in Estonia and across the EU) or your local emergency number.',
        ],
      },
      {
        heading: 'Technical risks',
        paragraphs: [
          'A poor connection can lower the picture or sound quality or interrupt a session. If that happens, rejoin through your personal link; if the session cannot continue, your therapist will agree a new time with you. Use an up-to-date browser and keep your personal links to yourselves.',
        ],
      },
      {
        heading: 'Limits of remote therapy',
        paragraphs: [
          'Some situations are better met in person. Your therapist may end a session, pause it, or recommend other help if they are concerned for anyone’s safety or wellbeing.',
        ],
      },
      {
        heading: 'Your choice',
        paragraphs: [
          'Taking part is voluntary. You can stop at any time by cancelling your booking through your personal link, within your therapist’s cancellation window, or by contacting your therapist.',
        ],
      },
    ],
  },
  et: {
    title: 'Kaugteraapia nõusolek',
    intro:
      'Broneerides nõustute mõlemad paariteraapiaga video vahendusel. Palun lugege enne esimest seanssi, mida see tähendab.',
    versionLabel: 'Versioon {version}',
    sections: [
      {
        heading: 'Seansid video vahendusel',
        paragraphs: [
          'Seansid toimuvad interneti kaudu teie brauseris. Võite liituda koos ühest seadmest või kumbki oma seadmest. Palun liituge privaatsest ja vaiksest kohast, kus keegi teine pealt ei kuula, ning ärge salvestage seanssi ise – see kaitseb teid mõlemaid.',
        ],
      },
      {
        heading: 'Mitte hädaolukordadeks',
        paragraphs: [
          'Peegel ega teie terapeut ei saa seansside vahel hädaolukordadele reageerida. Kui teie või kellegi teise elu või tervis on ohus, helistage 112 (hädaabinumber Eestis ja kogu Euroopa Liidus) või oma kohalikule hädaabinumbrile.',
        ],
      },
      {
        heading: 'Tehnilised riskid',
        paragraphs: [
          'Nõrk ühendus võib halvendada pildi või heli kvaliteeti või seansi katkestada. Sel juhul liituge uuesti oma isikliku lingi kaudu; kui seanssi ei saa jätkata, lepib terapeut teiega kokku uue aja. Kasutage uuendatud brauserit ja hoidke oma isiklikud lingid enda teada.',
        ],
      },
      {
        heading: 'Kaugteraapia piirid',
        paragraphs: [
          'Mõnes olukorras on parem kohtuda silmast silma. Terapeut võib seansi lõpetada, peatada või soovitada muud abi, kui ta on mures kellegi turvalisuse või heaolu pärast.',
        ],
      },
      {
        heading: 'Teie valik',
        paragraphs: [
          'Osalemine on vabatahtlik. Võite igal ajal loobuda, tühistades broneeringu oma isikliku lingi kaudu terapeudi tühistamistähtaja piires või võttes ühendust oma terapeudiga.',
        ],
      },
    ],
  },
};
