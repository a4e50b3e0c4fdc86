/**
 * The starting deck, transcribed from `imago/DIALOGUES.md` in the team's reference folder and
 * revised for issue 10 (the whole method in the console). Guidance lines are our own. The
 * Estonian uses one term per concept: terapeut, saatja, vastuvõtja, peegeldamine, kinnitamine
 * (validation, with „arusaadav“), kaasatundmine, tüvilause, mina-sõnum; one mirroring formula
 * („Kui ma sain õigesti aru, siis sa ütlesid …“); *sina* to one partner; a spaced en dash.
 *
 * Ids are stored by live sessions: never rename or reuse one once shipped. Add new items instead.
 */
import type { Deck, Localized } from './types';

/** Freezes the deck so no caller can change the shared content by accident. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Texts several steps share. Each stem still has its own id, so sessions can tell them apart.

/** The one mirroring formula, in a single card. */
const MIRROR_ALL: Localized = {
  en: 'If I got it, you said … Did I get it? Is there more?',
  et: 'Kui ma sain õigesti aru, siis sa ütlesid … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
};
const MIRROR_SAID: Localized = {
  en: 'If I got it, you said …',
  et: 'Kui ma sain õigesti aru, siis sa ütlesid …',
};
const MIRROR_CHECK: Localized = { en: 'Did I get it?', et: 'Kas ma sain sinust õigesti aru?' };
const MIRROR_MORE: Localized = { en: 'Is there more?', et: 'Kas on veel midagi?' };
/** The Sender's answers to "Did I get it?" and "Is there more?". */
const SENDER_YES: Localized = { en: 'Yes, you got it.', et: 'Jah, said õigesti aru.' };
const SENDER_ALSO: Localized = {
  en: 'What I also want you to hear is …',
  et: 'Ma tahan, et sa kuuleksid ka seda, et …',
};
/** The Sender's answers to "Is that what you feel?". */
const SENDER_THATS_IT: Localized = { en: "Yes, that's it.", et: 'Jah, just nii.' };
const SENDER_MORE_LIKE: Localized = { en: 'More like …', et: 'Pigem …' };
const VALIDATE: Localized = {
  en: 'You make sense, and what makes sense is …',
  et: 'Mulle on arusaadav, mida sa ütled. Arusaadav on see, et …',
};
const EMPATHY_IMAGINE: Localized = {
  en: 'I imagine you might be feeling …',
  et: 'Ma kujutan ette, et sa võib-olla tunned …',
};
const EMPATHY_CHECK: Localized = { en: 'Is that what you feel?', et: 'Kas sa tunned nii?' };
const FEELING_WORDS: Localized = {
  en: 'Feeling words, not thoughts. Offer the feelings list.',
  et: 'Tundesõnad, mitte mõtted. Näita tunnete loendit.',
};
const APPRECIATE: Localized = {
  en: 'One thing I appreciate about you is …',
  et: 'Üks asi, mida ma sinus hindan, on …',
};
const GIFT: Localized = {
  en: 'I choose … and I give it to you as a gift.',
  et: 'Ma valin … ja kingin selle sulle.',
};
const SWITCH_TITLE: Localized = { en: 'Switch roles', et: 'Rollivahetus' };

/** The Imago dialogue deck in English and Estonian. */
export const DECK: Deck = deepFreeze({
  roles: {
    S: { en: 'Sender', et: 'Saatja' },
    R: { en: 'Receiver', et: 'Vastuvõtja' },
    T: { en: 'Therapist', et: 'Terapeut' },
  },

  groundRules: [
    {
      id: 'one-at-a-time',
      text: { en: 'One person talks at a time.', et: 'Korraga räägib üks.' },
    },
    {
      id: 'speak-about-yourself',
      text: {
        en: 'Speak about yourself: "I feel …", not "You always …".',
        et: 'Räägi endast: „Ma tunnen …“, mitte „Sa alati …“.',
      },
    },
    {
      id: 'small-pieces',
      text: { en: 'Small pieces, then pause.', et: 'Räägi väikeste osade kaupa ja tee siis paus.' },
    },
    {
      id: 'mirror-first',
      text: {
        en: 'The Receiver mirrors and does not answer; their turn comes.',
        et: 'Vastuvõtja peegeldab ega vasta – tema kord tuleb hiljem.',
      },
    },
    {
      id: 'no-blame',
      text: {
        en: 'No blame, no criticism, no shaming.',
        et: 'Ei süüdistamist, kritiseerimist ega häbistamist.',
      },
    },
    {
      id: 'pause-and-return',
      text: {
        en: 'Anyone can ask for a pause, and we come back.',
        et: 'Igaüks võib paluda pausi – ja me tuleme tagasi.',
      },
    },
  ],

  processes: [
    // ---- 1. Imago Dialogue -------------------------------------------------------------------
    {
      id: 'couples-dialogue',
      title: { en: 'Imago Dialogue', et: 'Imago dialoog' },
      guidance: {
        en: 'The core dialogue: the Sender shares, the Receiver mirrors, validates and empathises. Start with the ground rules.',
        et: 'Põhidialoog: saatja jagab, vastuvõtja peegeldab, kinnitab ja tunneb kaasa. Alusta põhireeglitest.',
      },
      steps: [
        {
          id: 'appointment',
          title: { en: 'Appointment', et: 'Kokkulepe' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'One topic, one sentence, no blame.',
            et: 'Üks teema, üks lause, ilma süüdistuseta.',
          },
          stems: [
            {
              id: 'couples-dialogue.appointment.ask',
              role: 'S',
              text: {
                en: "I'd like to talk about … Is now a good time?",
                et: 'Ma sooviksin rääkida teemal … Kas praegu sobib?',
              },
            },
            {
              id: 'couples-dialogue.appointment.ready',
              role: 'R',
              text: { en: "Yes, I'm ready to listen.", et: 'Jah, ma olen valmis kuulama.' },
            },
            {
              id: 'couples-dialogue.appointment.later',
              role: 'R',
              text: { en: 'Not now, I can at …', et: 'Praegu mitte, aga sobib kell …' },
            },
          ],
        },
        {
          id: 'intention',
          title: { en: 'Intention', et: 'Kavatsus' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Invite a breath and eye contact.',
            et: 'Kutsu paari hinge tõmbama ja silmsidet looma.',
          },
          stems: [
            {
              id: 'couples-dialogue.intention.care',
              role: 'S',
              text: {
                en: "I'm sharing this because I care about us.",
                et: 'Ma jagan seda, sest hoolin meist.',
              },
            },
            {
              id: 'couples-dialogue.intention.connected',
              role: 'R',
              text: {
                en: 'I want to stay connected with you while I listen.',
                et: 'Ma tahan kuulates sinuga ühenduses olla.',
              },
            },
          ],
        },
        {
          id: 'send',
          title: { en: 'Sending', et: 'Jagamine' },
          speakers: ['S'],
          guidance: {
            en: 'I-statements, 1–2 sentences, then pause. Help turn a "you" sentence into an I-statement.',
            et: 'Mina-sõnumid, 1–2 lauset, siis paus. Aita „sina“-lause ümber sõnastada mina-sõnumiks.',
          },
          stems: [
            {
              id: 'couples-dialogue.send.feel',
              role: 'S',
              text: {
                en: 'When that happens, I feel …',
                et: 'Kui see juhtub, siis tunnen ma …',
              },
            },
            {
              id: 'couples-dialogue.send.need',
              role: 'S',
              text: { en: 'What I need is …', et: 'Mida ma vajan, on …' },
            },
            {
              id: 'couples-dialogue.send.bothers',
              role: 'S',
              text: { en: 'What bothers me is …', et: 'Mind häirib see, et …' },
            },
          ],
        },
        {
          id: 'mirror',
          title: { en: 'Mirroring', et: 'Peegeldamine' },
          speakers: ['R', 'S'],
          loopTo: 'send',
          guidance: {
            en: 'Mirror without analysing or answering; match the tone. After "Is there more?": if there is, back to Sending; if not, on to the Summary.',
            et: 'Peegelda ilma analüüsimata ja vastamata; hoia sama tooni. Pärast küsimust „Kas on veel midagi?“ – kui on, siis tagasi jagamise juurde, kui ei, siis edasi kokkuvõtte juurde.',
          },
          stems: [
            { id: 'couples-dialogue.mirror.said', role: 'R', text: MIRROR_SAID },
            { id: 'couples-dialogue.mirror.check', role: 'R', text: MIRROR_CHECK },
            { id: 'couples-dialogue.mirror.yes', role: 'S', text: SENDER_YES },
            { id: 'couples-dialogue.mirror.more', role: 'R', text: MIRROR_MORE },
            { id: 'couples-dialogue.mirror.also', role: 'S', text: SENDER_ALSO },
          ],
        },
        {
          id: 'summary',
          title: { en: 'Summary', et: 'Kokkuvõte' },
          speakers: ['R'],
          guidance: {
            en: 'Check completeness before moving on.',
            et: 'Enne edasi liikumist kontrolli, et kõik sai kätte.',
          },
          stems: [
            {
              id: 'couples-dialogue.summary.all',
              role: 'R',
              text: {
                en: 'Let me see if I got all of it: …',
                et: 'Vaatan, kas sain kõik kätte: …',
              },
            },
            {
              id: 'couples-dialogue.summary.fair',
              role: 'R',
              text: { en: 'Is that a fair summary?', et: 'Kas see võtab kõik kokku?' },
            },
            {
              id: 'couples-dialogue.summary.missing',
              role: 'R',
              text: { en: 'Did I leave anything out?', et: 'Kas midagi jäi välja?' },
            },
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Kinnitamine' },
          speakers: ['R'],
          guidance: {
            en: 'Validation is not agreement.',
            et: 'Kinnitamine ei tähenda nõustumist.',
          },
          stems: [
            { id: 'couples-dialogue.validation.sense', role: 'R', text: VALIDATE },
            {
              id: 'couples-dialogue.validation.understand',
              role: 'R',
              text: {
                en: 'This part makes sense; help me understand …',
                et: 'See osa on mulle arusaadav. Aita mul mõista ka …',
              },
            },
          ],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R', 'S'],
          guidance: FEELING_WORDS,
          stems: [
            { id: 'couples-dialogue.empathy.imagine', role: 'R', text: EMPATHY_IMAGINE },
            { id: 'couples-dialogue.empathy.check', role: 'R', text: EMPATHY_CHECK },
            { id: 'couples-dialogue.empathy.thats-it', role: 'S', text: SENDER_THATS_IT },
            { id: 'couples-dialogue.empathy.more-like', role: 'S', text: SENDER_MORE_LIKE },
          ],
        },
        {
          id: 'close',
          title: { en: 'Closing', et: 'Lõpetamine' },
          speakers: ['R', 'S'],
          guidance: { en: 'Close with appreciation.', et: 'Lõpeta tunnustusega.' },
          stems: [
            {
              id: 'couples-dialogue.close.touched',
              role: 'R',
              text: { en: 'One thing that touched me was …', et: 'Mind puudutas see, et …' },
            },
            {
              id: 'couples-dialogue.close.thanks-sharing',
              role: 'R',
              text: { en: 'Thank you for sharing.', et: 'Aitäh, et jagasid.' },
            },
            {
              id: 'couples-dialogue.close.thanks',
              role: 'S',
              text: { en: 'Thank you for listening.', et: 'Aitäh, et kuulasid.' },
            },
          ],
        },
        {
          id: 'switch',
          title: SWITCH_TITLE,
          speakers: ['T'],
          guidance: {
            en: 'The Receiver becomes the Sender: swap roles and start again from the Appointment.',
            et: 'Vastuvõtjast saab saatja: vaheta rollid ja alusta uuesti kokkuleppest.',
          },
          stems: [],
        },
      ],
    },

    // ---- 2. Appreciation Dialogue ------------------------------------------------------------
    {
      id: 'appreciation',
      title: { en: 'Appreciation Dialogue', et: 'Tunnustuse dialoog' },
      guidance: {
        en: 'Often opens a session. The Receiver mirrors each appreciation.',
        et: 'Sobib sageli seansi avamiseks. Vastuvõtja peegeldab iga tunnustust.',
      },
      steps: [
        {
          id: 'send',
          title: { en: 'Sending', et: 'Jagamine' },
          speakers: ['S'],
          guidance: {
            en: 'One specific appreciation at a time, then pause for the mirror.',
            et: 'Üks konkreetne tunnustus korraga, siis paus peegeldamiseks.',
          },
          stems: [
            { id: 'appreciation.send.appreciate', role: 'S', text: APPRECIATE },
            {
              id: 'appreciation.send.because',
              role: 'S',
              text: { en: 'I appreciate it because …', et: 'Ma hindan seda, sest …' },
            },
            {
              id: 'appreciation.send.feel',
              role: 'S',
              text: {
                en: 'When you do that, I feel …',
                et: 'Kui sa seda teed, siis tunnen ma …',
              },
            },
          ],
        },
        {
          id: 'mirror',
          title: { en: 'Mirroring', et: 'Peegeldamine' },
          speakers: ['R', 'S'],
          loopTo: 'send',
          guidance: {
            en: 'Mirror the appreciation and let it land. After "Is there more?": if there is, back to Sending.',
            et: 'Peegelda tunnustust ja lase sel kohale jõuda. Pärast küsimust „Kas on veel midagi?“ – kui on, siis tagasi jagamise juurde.',
          },
          stems: [
            { id: 'appreciation.mirror.said', role: 'R', text: MIRROR_SAID },
            { id: 'appreciation.mirror.check', role: 'R', text: MIRROR_CHECK },
            { id: 'appreciation.mirror.yes', role: 'S', text: SENDER_YES },
            { id: 'appreciation.mirror.more', role: 'R', text: MIRROR_MORE },
            { id: 'appreciation.mirror.also', role: 'S', text: SENDER_ALSO },
            {
              id: 'appreciation.mirror.thanks',
              role: 'R',
              text: { en: 'Thank you for sharing.', et: 'Aitäh, et jagasid.' },
            },
          ],
        },
        {
          id: 'switch',
          title: SWITCH_TITLE,
          speakers: ['T'],
          guidance: {
            en: 'The Receiver becomes the Sender: swap roles and start again from Sending.',
            et: 'Vastuvõtjast saab saatja: vaheta rollid ja alusta uuesti jagamisest.',
          },
          stems: [],
        },
      ],
    },

    // ---- 3. Restructuring a frustration ------------------------------------------------------
    {
      id: 'frustration',
      title: { en: 'Restructuring a frustration', et: 'Frustratsiooni dialoog' },
      guidance: {
        en: 'Replaces the old "container" anger exercise: anger by appointment only; the work goes to the hurt, fear and wish underneath. The Receiver mirrors after every Sender stem.',
        et: 'Asendab vana „konteineri“ vihaharjutust: viha ainult kokkuleppel; töö liigub selle all peituva valu, hirmu ja soovi juurde. Vastuvõtja peegeldab pärast iga saatja tüvilauset.',
      },
      steps: [
        {
          id: 'appointment',
          title: { en: 'Appointment', et: 'Kokkulepe' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Anger only by appointment. One topic; the Receiver agrees to a time.',
            et: 'Viha ainult kokkuleppel. Üks teema; vastuvõtja nõustub ajaga.',
          },
          stems: [
            {
              id: 'frustration.appointment.ask',
              role: 'S',
              text: {
                en: 'I have something important to say about … Is this a good time?',
                et: 'Mul on midagi olulist öelda teemal … Kas praegu sobib?',
              },
            },
            {
              id: 'frustration.appointment.ready',
              role: 'R',
              text: { en: "Yes, I'm ready to listen.", et: 'Jah, ma olen valmis kuulama.' },
            },
          ],
        },
        {
          id: 'concern',
          title: { en: 'Concern', et: 'Mure' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Name the concern in one or two sentences, without blame.',
            et: 'Mure ühe-kahe lausega, ilma süüdistuseta.',
          },
          stems: [
            {
              id: 'frustration.concern.say',
              role: 'S',
              text: { en: "What I'm concerned about is …", et: 'Mis mind muretsema paneb, on …' },
            },
            { id: 'frustration.concern.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'feeling',
          title: { en: 'Feeling', et: 'Tunne' },
          speakers: ['S', 'R'],
          guidance: FEELING_WORDS,
          stems: [
            {
              id: 'frustration.feeling.say',
              role: 'S',
              text: {
                en: 'When that happens, I feel …',
                et: 'Kui see juhtub, siis tunnen ma …',
              },
            },
            { id: 'frustration.feeling.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'reaction',
          title: { en: 'Reaction', et: 'Reaktsioon' },
          speakers: ['S', 'R'],
          guidance: {
            en: "The Sender describes their own behaviour, not the partner's.",
            et: 'Saatja kirjeldab oma käitumist, mitte partneri oma.',
          },
          stems: [
            {
              id: 'frustration.reaction.say',
              role: 'S',
              text: { en: 'And then I react by …', et: 'Ja siis ma reageerin nii, et …' },
            },
            { id: 'frustration.reaction.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'story',
          title: { en: 'Story', et: 'Tõlgendus' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'The meaning the Sender gives it: a story, not a fact.',
            et: 'Tähendus, mille saatja sellele annab: tõlgendus, mitte fakt.',
          },
          stems: [
            {
              id: 'frustration.story.say',
              role: 'S',
              text: {
                en: 'And the story I tell myself is …',
                et: 'Ja siis ma mõtlen endamisi, et …',
              },
            },
            { id: 'frustration.story.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'hurt',
          title: { en: 'Hurt', et: 'Valu' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Stay with the hurt under the anger; slow down.',
            et: 'Püsi viha all oleva valu juures; aeglusta.',
          },
          stems: [
            {
              id: 'frustration.hurt.say',
              role: 'S',
              text: {
                en: 'What hurts me about this is …',
                et: 'Mis mulle selles haiget teeb, on …',
              },
            },
            { id: 'frustration.hurt.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'fear',
          title: { en: 'Fear', et: 'Hirm' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Help the fear into words; nobody tries to fix it.',
            et: 'Aita hirm sõnadesse panna; keegi ei püüa seda parandada.',
          },
          stems: [
            {
              id: 'frustration.fear.say',
              role: 'S',
              text: { en: "What I'm afraid of is …", et: 'Mida ma kardan, on …' },
            },
            { id: 'frustration.fear.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'childhood',
          title: { en: 'Childhood', et: 'Lapsepõlv' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Link to an early memory if one comes; do not force it.',
            et: 'Seo varase mälestusega, kui see tuleb; ära sunni.',
          },
          stems: [
            {
              id: 'frustration.childhood.say',
              role: 'S',
              text: {
                en: 'This reminds me from my childhood of …',
                et: 'See meenutab mulle lapsepõlvest …',
              },
            },
            { id: 'frustration.childhood.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'desire',
          title: { en: 'Desire', et: 'Soov' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'The wish underneath, said positively.',
            et: 'Selle all peituv soov, positiivselt sõnastatud.',
          },
          stems: [
            {
              id: 'frustration.desire.say',
              role: 'S',
              text: { en: 'What I desire is …', et: 'Mida ma soovin, on …' },
            },
            { id: 'frustration.desire.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'summary',
          title: { en: 'Summary', et: 'Kokkuvõte' },
          speakers: ['R'],
          guidance: {
            en: 'The Receiver summarises the whole frustration, then checks.',
            et: 'Vastuvõtja võtab kogu frustratsiooni kokku ja kontrollib siis.',
          },
          stems: [
            {
              id: 'frustration.summary.fair',
              role: 'R',
              text: {
                en: 'So, in summary … Is that a fair summary?',
                et: 'Kokkuvõttes ütlesid sa, et … Kas see võtab kõik kokku?',
              },
            },
            {
              id: 'frustration.summary.missing',
              role: 'R',
              text: { en: 'Did I leave anything out?', et: 'Kas midagi jäi välja?' },
            },
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Kinnitamine' },
          speakers: ['R'],
          guidance: {
            en: 'Validation is not agreement. The Receiver also names their part in the dance.',
            et: 'Kinnitamine ei tähenda nõustumist. Vastuvõtja nimetab ka oma osa selles tantsus.',
          },
          stems: [
            {
              id: 'frustration.validation.sense',
              role: 'R',
              text: {
                en: 'You make sense, and what makes sense is … and my part in this dance is …',
                et: 'Mulle on arusaadav, mida sa ütled. Arusaadav on see, et … ja minu osa selles tantsus on …',
              },
            },
          ],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R', 'S'],
          guidance: {
            en: 'Feeling words, not thoughts. Then and now.',
            et: 'Tundesõnad, mitte mõtted. Toona ja praegu.',
          },
          stems: [
            {
              id: 'frustration.empathy.imagine',
              role: 'R',
              text: {
                en: 'I imagine you felt … and now you might be feeling …',
                et: 'Ma kujutan ette, et sa tundsid … ja praegu võib-olla tunned …',
              },
            },
            { id: 'frustration.empathy.check', role: 'R', text: EMPATHY_CHECK },
            { id: 'frustration.empathy.thats-it', role: 'S', text: SENDER_THATS_IT },
            { id: 'frustration.empathy.more-like', role: 'S', text: SENDER_MORE_LIKE },
          ],
        },
        {
          id: 'switch',
          title: SWITCH_TITLE,
          speakers: ['T'],
          guidance: {
            en: 'Swap roles: the other partner brings their own frustration, by appointment too.',
            et: 'Vaheta rollid: nüüd toob oma frustratsiooni teine partner – samuti kokkuleppel.',
          },
          stems: [],
        },
      ],
    },

    // ---- 4. Behavior Change Request ----------------------------------------------------------
    {
      id: 'behavior-change-request',
      title: { en: 'Behavior Change Request', et: 'Käitumise muutmise palve' },
      guidance: {
        en: 'Appreciation first, then one frustration and the wish behind it; the Receiver mirrors, validates and empathises. Then three requests: the Receiver mirrors each and chooses one as a gift.',
        et: 'Kõigepealt tunnustus, siis üks frustratsioon ja selle taga olev soov; vastuvõtja peegeldab, kinnitab ja tunneb kaasa. Siis kolm palvet: vastuvõtja peegeldab igaüht ja valib ühe kingituseks.',
      },
      steps: [
        {
          id: 'appreciation',
          title: { en: 'Appreciation', et: 'Tunnustus' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Start with an appreciation; the Receiver mirrors it.',
            et: 'Alusta tunnustusega; vastuvõtja peegeldab seda.',
          },
          stems: [
            { id: 'behavior-change-request.appreciation.appreciate', role: 'S', text: APPRECIATE },
            { id: 'behavior-change-request.appreciation.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'frustration',
          title: { en: 'Frustration', et: 'Frustratsioon' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'One frustration, briefly, without blame.',
            et: 'Üks frustratsioon, lühidalt, ilma süüdistuseta.',
          },
          stems: [
            {
              id: 'behavior-change-request.frustration.say',
              role: 'S',
              text: { en: 'What frustrates me is …', et: 'Mind frustreerib see, et …' },
            },
            { id: 'behavior-change-request.frustration.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'desire',
          title: { en: 'Desire', et: 'Soov' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'The wish behind the frustration, said positively.',
            et: 'Frustratsiooni taga olev soov, positiivselt sõnastatud.',
          },
          stems: [
            {
              id: 'behavior-change-request.desire.wish',
              role: 'S',
              text: { en: 'Behind it is my wish that …', et: 'Selle taga on minu soov, et …' },
            },
            { id: 'behavior-change-request.desire.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Kinnitamine' },
          speakers: ['R'],
          guidance: {
            en: 'Validation is not agreement.',
            et: 'Kinnitamine ei tähenda nõustumist.',
          },
          stems: [{ id: 'behavior-change-request.validation.sense', role: 'R', text: VALIDATE }],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R', 'S'],
          guidance: FEELING_WORDS,
          stems: [
            { id: 'behavior-change-request.empathy.imagine', role: 'R', text: EMPATHY_IMAGINE },
            { id: 'behavior-change-request.empathy.check', role: 'R', text: EMPATHY_CHECK },
            { id: 'behavior-change-request.empathy.thats-it', role: 'S', text: SENDER_THATS_IT },
            { id: 'behavior-change-request.empathy.more-like', role: 'S', text: SENDER_MORE_LIKE },
          ],
        },
        {
          id: 'requests',
          title: { en: 'Requests', et: 'Palved' },
          speakers: ['S'],
          guidance: {
            en: 'Three requests, one at a time: specific, positive, doable, time-limited.',
            et: 'Kolm palvet, üks korraga: konkreetsed, positiivsed, jõukohased ja ajaliselt piiratud.',
          },
          stems: [
            {
              id: 'behavior-change-request.requests.request',
              role: 'S',
              text: {
                en: 'One specific thing you could do in the next two weeks is …',
                et: 'Üks konkreetne asi, mida sa järgmise kahe nädala jooksul teha võiksid, on …',
              },
            },
          ],
        },
        {
          id: 'mirror',
          title: { en: 'Mirroring', et: 'Peegeldamine' },
          speakers: ['R', 'S'],
          loopTo: 'requests',
          guidance: {
            en: 'The Receiver mirrors each request, without bargaining. Back to Requests for the next one; after the third, on to the Gift.',
            et: 'Vastuvõtja peegeldab iga palvet kauplemata. Järgmise palve jaoks tagasi palvete juurde, pärast kolmandat edasi kingituse juurde.',
          },
          stems: [
            { id: 'behavior-change-request.mirror.said', role: 'R', text: MIRROR_SAID },
            { id: 'behavior-change-request.mirror.check', role: 'R', text: MIRROR_CHECK },
            { id: 'behavior-change-request.mirror.yes', role: 'S', text: SENDER_YES },
          ],
        },
        {
          id: 'gift',
          title: { en: 'Gift', et: 'Kingitus' },
          speakers: ['R', 'S'],
          guidance: {
            en: 'The Receiver chooses one request and gives it freely, as a gift. The requests card can show the choice.',
            et: 'Vastuvõtja valib ühe palve ja kingib selle vabatahtlikult. Valiku saab näidata kaardil „Kolm palvet“.',
          },
          stems: [
            { id: 'behavior-change-request.gift.choose', role: 'R', text: GIFT },
            {
              id: 'behavior-change-request.gift.thanks',
              role: 'S',
              text: { en: 'Thank you for this gift.', et: 'Aitäh selle kingituse eest.' },
            },
          ],
        },
        {
          id: 'switch',
          title: SWITCH_TITLE,
          speakers: ['T'],
          guidance: {
            en: 'Swap roles: the other partner makes their own request, starting with an appreciation.',
            et: 'Vaheta rollid: nüüd esitab oma palve teine partner, alustades tunnustusest.',
          },
          stems: [],
        },
      ],
    },

    // ---- 5. Parent–Child Dialogue ------------------------------------------------------------
    {
      id: 'parent-child',
      title: { en: 'Parent–Child Dialogue', et: 'Vanema ja lapse dialoog' },
      guidance: {
        en: "The Receiver plays the parent (or another caregiver) the Sender chooses, shown on the Receiver's video tile. The Sender answers as the child, in the present tense. The Receiver mirrors every answer and steps out of the role at the end.",
        et: 'Vastuvõtja mängib vanemat (või muud kasvatajat), kelle saatja valib; see on näha vastuvõtja videopildil. Saatja vastab lapsena, olevikus. Vastuvõtja peegeldab iga vastust ja astub lõpus rollist välja.',
      },
      steps: [
        {
          id: 'set-role',
          title: { en: 'Choosing the parent', et: 'Vanema valimine' },
          speakers: ['T', 'S'],
          guidance: {
            en: "The Sender chooses whom the Receiver plays: mother, father or another caregiver. The therapist sets it and it shows on the Receiver's tile. Both agree before starting.",
            et: 'Saatja valib, keda vastuvõtja mängib: ema, isa või muud kasvatajat. Terapeut märgib valiku ja see on näha vastuvõtja videopildil. Mõlemad nõustuvad enne alustamist.',
          },
          stems: [],
        },
        {
          id: 'living-with-me',
          title: { en: 'Living with me', et: 'Elu minuga' },
          speakers: ['R', 'S'],
          guidance: {
            en: 'The Receiver speaks as the parent; the Sender answers as the child, in the present tense.',
            et: 'Vastuvõtja räägib vanemana; saatja vastab lapsena, olevikus.',
          },
          stems: [
            {
              id: 'parent-child.living-with-me.ask',
              role: 'R',
              text: {
                en: 'I am your mother/father. What is it like living with me?',
                et: 'Ma olen su ema/isa. Milline on elu minuga?',
              },
            },
            {
              id: 'parent-child.living-with-me.answer',
              role: 'S',
              text: { en: 'Living with you is …', et: 'Elu sinuga on …' },
            },
            { id: 'parent-child.living-with-me.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'hardest',
          title: { en: 'The worst thing', et: 'Kõige hullem' },
          speakers: ['R', 'S'],
          guidance: {
            en: 'Stay with the worst thing; mirror and ask "Is there more?".',
            et: 'Püsi kõige hullema juures; peegelda ja küsi „Kas on veel midagi?“.',
          },
          stems: [
            {
              id: 'parent-child.hardest.ask',
              role: 'R',
              text: {
                en: 'What is the worst thing about living with me?',
                et: 'Mis on minuga elades kõige hullem?',
              },
            },
            {
              id: 'parent-child.hardest.answer',
              role: 'S',
              text: {
                en: 'The worst thing about living with you is …',
                et: 'Kõige hullem sinuga elades on see, et …',
              },
            },
            { id: 'parent-child.hardest.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'needed',
          title: { en: 'What you need', et: 'Mida sa vajad' },
          speakers: ['R', 'S'],
          guidance: {
            en: 'The unmet need; mirror it slowly.',
            et: 'Täitmata vajadus; peegelda seda aeglaselt.',
          },
          stems: [
            {
              id: 'parent-child.needed.ask',
              role: 'R',
              text: {
                en: "What do you need most from me that you don't get?",
                et: 'Mida sa minult kõige rohkem vajad, aga ei saa?',
              },
            },
            {
              id: 'parent-child.needed.answer',
              role: 'S',
              text: {
                en: "What I need most from you and don't get is …",
                et: 'Mida ma sinult kõige rohkem vajan, aga ei saa, on …',
              },
            },
            { id: 'parent-child.needed.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'summary',
          title: { en: 'Summary', et: 'Kokkuvõte' },
          speakers: ['R'],
          guidance: {
            en: 'Still as the parent, the Receiver summarises.',
            et: 'Endiselt vanema rollis teeb vastuvõtja kokkuvõtte.',
          },
          stems: [
            {
              id: 'parent-child.summary.all',
              role: 'R',
              text: {
                en: 'Let me see if I got all of it: …',
                et: 'Vaatan, kas sain kõik kätte: …',
              },
            },
            {
              id: 'parent-child.summary.fair',
              role: 'R',
              text: { en: 'Is that a fair summary?', et: 'Kas see võtab kõik kokku?' },
            },
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Kinnitamine' },
          speakers: ['R'],
          guidance: {
            en: "The parent validates the child's experience.",
            et: 'Vanem kinnitab, et lapse kogemus on arusaadav.',
          },
          stems: [
            {
              id: 'parent-child.validation.sense',
              role: 'R',
              text: { en: 'It makes sense that you feel …', et: 'On arusaadav, et sa tunned …' },
            },
          ],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R', 'S'],
          guidance: FEELING_WORDS,
          stems: [
            {
              id: 'parent-child.empathy.imagine',
              role: 'R',
              text: { en: 'I imagine you feel …', et: 'Ma kujutan ette, et sa tunned …' },
            },
            { id: 'parent-child.empathy.check', role: 'R', text: EMPATHY_CHECK },
            { id: 'parent-child.empathy.thats-it', role: 'S', text: SENDER_THATS_IT },
            { id: 'parent-child.empathy.more-like', role: 'S', text: SENDER_MORE_LIKE },
          ],
        },
        {
          id: 'step-out',
          title: { en: 'Stepping out', et: 'Rollist väljumine' },
          speakers: ['R'],
          guidance: {
            en: 'The Receiver leaves the parent role and speaks as the partner again.',
            et: 'Vastuvõtja astub vanema rollist välja ja räägib jälle partnerina.',
          },
          stems: [
            {
              id: 'parent-child.step-out.partner',
              role: 'R',
              text: {
                en: "I'm your partner now, and I …",
                et: 'Nüüd olen ma jälle su partner ja ma …',
              },
            },
          ],
        },
        {
          id: 'switch',
          title: SWITCH_TITLE,
          speakers: ['T'],
          guidance: {
            en: 'Swap roles: now the other partner is the child and chooses whom the Receiver plays.',
            et: 'Vaheta rollid: nüüd on lapse rollis teine partner ja tema valib, keda vastuvõtja mängib.',
          },
          stems: [],
        },
      ],
    },

    // ---- 6. Caring Behaviors -----------------------------------------------------------------
    {
      id: 'caring-behaviors',
      title: { en: 'Caring Behaviors', et: 'Hoolivad teod' },
      guidance: {
        en: 'Caring behaviors are specific, positive, small, repeatable and not a current source of conflict; each partner rates them 1–5.',
        et: 'Hoolivad teod on konkreetsed, positiivsed, väikesed, korratavad ega ole praegu konfliktiallikas; partnerid hindavad igaüht skaalal 1–5.',
      },
      steps: [
        {
          id: 'now',
          title: { en: 'Now', et: 'Praegu' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'What the partner already does: specific and positive.',
            et: 'Mida partner juba teeb: konkreetselt ja positiivselt.',
          },
          stems: [
            {
              id: 'caring-behaviors.now.loved',
              role: 'S',
              text: {
                en: 'I feel loved and cared about when you …',
                et: 'Ma tunnen end armastatu ja hoituna, kui sa …',
              },
            },
            { id: 'caring-behaviors.now.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'used-to',
          title: { en: 'In the past', et: 'Varem' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'What the partner used to do and no longer does.',
            et: 'Mida partner varem tegi, aga enam ei tee.',
          },
          stems: [
            {
              id: 'caring-behaviors.used-to.loved',
              role: 'S',
              text: {
                en: 'I used to feel loved and cared about when you …',
                et: 'Varem tundsin end armastatu ja hoituna, kui sa …',
              },
            },
            { id: 'caring-behaviors.used-to.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'would',
          title: { en: 'Wishes', et: 'Soovid' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'What the partner has never done yet: small, repeatable, not a current source of conflict.',
            et: 'Midagi, mida partner pole veel kunagi teinud: väike, korratav ja mitte praegune konfliktiallikas.',
          },
          stems: [
            {
              id: 'caring-behaviors.would.loved',
              role: 'S',
              text: {
                en: 'I would feel loved and cared about if you …',
                et: 'Ma tunneksin end armastatu ja hoituna, kui sa …',
              },
            },
            { id: 'caring-behaviors.would.mirror', role: 'R', text: MIRROR_ALL },
          ],
        },
        {
          id: 'switch',
          title: SWITCH_TITLE,
          speakers: ['T'],
          guidance: {
            en: 'Swap roles: now the other partner names their caring behaviors. After both rounds, go on to exchanging the lists.',
            et: 'Vaheta rollid: nüüd nimetab oma hoolivad teod teine partner. Kui mõlemad on oma korra ära teinud, liigu edasi loendite vahetamise juurde.',
          },
          stems: [],
        },
        {
          id: 'exchange',
          title: { en: 'Exchange lists', et: 'Loendite vahetamine' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'The partners exchange their lists and rate each item 1–5.',
            et: 'Partnerid vahetavad loendid ja hindavad iga punkti skaalal 1–5.',
          },
          stems: [],
        },
        {
          id: 'gift-today',
          title: { en: "Today's gift", et: 'Tänane kingitus' },
          speakers: ['R'],
          guidance: {
            en: 'Each partner chooses one caring behavior to give today.',
            et: 'Kumbki partner valib ühe hooliva teo, mille ta täna kingib.',
          },
          stems: [{ id: 'caring-behaviors.gift-today.choose', role: 'R', text: GIFT }],
        },
      ],
    },
  ],

  palette: [
    {
      id: 'palette.feel',
      role: 'S',
      text: {
        en: 'And when that happens, I feel …',
        et: 'Ja kui see juhtub, siis tunnen ma …',
      },
    },
    {
      id: 'palette.scares',
      role: 'S',
      text: {
        en: 'And what scares me about that is …',
        et: 'Ja mis mind selles hirmutab, on …',
      },
    },
    {
      id: 'palette.worst',
      role: 'S',
      text: {
        en: 'And the worst part of that for me is …',
        et: 'Ja kõige hullem on minu jaoks selles see, et …',
      },
    },
    {
      id: 'palette.reminds',
      role: 'S',
      text: { en: 'And that reminds me of …', et: 'Ja see meenutab mulle …' },
    },
    {
      id: 'palette.needed-then',
      role: 'S',
      text: {
        en: 'And what I needed most then was …',
        et: 'Ja mida ma siis kõige rohkem vajasin, oli …',
      },
    },
    {
      id: 'palette.need-now',
      role: 'S',
      text: {
        en: 'What I need most from you now is …',
        et: 'Mida ma praegu sinult kõige rohkem vajan, on …',
      },
    },
    {
      id: 'palette.if-i-got',
      role: 'S',
      text: {
        en: 'And if I got that, I would feel …',
        et: 'Ja kui ma selle saaksin, siis tunneksin ma …',
      },
    },
  ],

  safetyCards: [
    {
      id: 'pause',
      text: { en: "Let's pause and breathe together.", et: 'Teeme pausi ja hingame koos.' },
    },
    {
      id: 'slow-down',
      text: { en: 'Slower, in smaller pieces.', et: 'Aeglasemalt, väiksemate osade kaupa.' },
    },
    {
      id: 'ouch',
      text: { en: "Ouch — let's try that again.", et: 'Ai – proovime uuesti.' },
      repair: {
        en: "I'm sorry, let me say that differently.",
        et: 'Vabandust, ütlen selle teisiti.',
      },
    },
    {
      id: 'face-each-other',
      text: { en: 'Talk to each other, not to me.', et: 'Rääkige teineteisele, mitte mulle.' },
    },
  ],

  // Each word reads after "I feel …" / „Ma tunnen …“: adjectives in English, nouns in the
  // partitive in Estonian (rõõmu, not rõõmus).
  feelings: [
    { id: 'glad', text: { en: 'glad', et: 'rõõmu' } },
    { id: 'sad', text: { en: 'sad', et: 'kurbust' } },
    { id: 'mad', text: { en: 'angry', et: 'viha' } },
    { id: 'scared', text: { en: 'scared', et: 'hirmu' } },
    { id: 'hurt', text: { en: 'hurt', et: 'valu' } },
    { id: 'lonely', text: { en: 'lonely', et: 'üksildust' } },
    { id: 'ashamed', text: { en: 'ashamed', et: 'häbi' } },
    { id: 'guilty', text: { en: 'guilty', et: 'süütunnet' } },
    { id: 'disappointed', text: { en: 'disappointed', et: 'pettumust' } },
    { id: 'anxious', text: { en: 'anxious', et: 'ärevust' } },
    { id: 'helpless', text: { en: 'helpless', et: 'abitust' } },
    { id: 'confused', text: { en: 'confused', et: 'segadust' } },
    { id: 'tired', text: { en: 'tired', et: 'väsimust' } },
    { id: 'relieved', text: { en: 'relieved', et: 'kergendust' } },
    { id: 'hopeful', text: { en: 'hopeful', et: 'lootust' } },
    { id: 'calm', text: { en: 'calm', et: 'rahu' } },
    { id: 'grateful', text: { en: 'grateful', et: 'tänulikkust' } },
    { id: 'tender', text: { en: 'tender', et: 'hellust' } },
    { id: 'connected', text: { en: 'close to you', et: 'lähedust' } },
  ],

  parentRoles: [
    { id: 'mother', name: { en: 'Mother', et: 'Ema' }, badge: { en: 'as mother', et: 'emana' } },
    { id: 'father', name: { en: 'Father', et: 'Isa' }, badge: { en: 'as father', et: 'isana' } },
    {
      id: 'caregiver',
      name: { en: 'Another caregiver', et: 'Muu kasvataja' },
      badge: { en: 'as caregiver', et: 'kasvatajana' },
    },
  ],

  cardTitles: {
    feelings: { en: 'I feel …', et: 'Ma tunnen …' },
    groundRules: { en: 'Ground rules', et: 'Põhireeglid' },
    bcrRequests: { en: 'The three requests', et: 'Kolm palvet' },
  },
});
