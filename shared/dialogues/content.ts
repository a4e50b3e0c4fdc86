/**
 * The starting deck, transcribed from `imago/DIALOGUES.md` in the team's reference folder.
 * Stem, title and card texts are the reference texts; guidance lines the reference gives only in
 * English (or not at all) are our own, in the same vocabulary (saatja, vastuvõtja, peegeldamine,
 * tüvilause, juhendaja).
 *
 * Ids are stored by live sessions: never rename or reuse one once shipped. Add new items instead.
 */
import type { Deck } from './types';

/** Freezes the deck so no caller can change the shared content by accident. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The Imago dialogue deck in English and Estonian. */
export const DECK: Deck = deepFreeze({
  roles: {
    S: { en: 'Sender', et: 'Saatja' },
    R: { en: 'Receiver', et: 'Vastuvõtja' },
    T: { en: 'Therapist', et: 'Juhendaja' },
  },

  groundRules: [
    {
      id: 'one-at-a-time',
      text: { en: 'One person talks at a time.', et: 'Korraga räägib üks.' },
    },
    {
      id: 'speak-about-yourself',
      text: { en: 'Speak about yourself ("I…").', et: 'Räägi endast („mina…“).' },
    },
    {
      id: 'small-pieces',
      text: { en: 'Small pieces, then pause.', et: 'Väikeste tükkidena, siis paus.' },
    },
  ],

  processes: [
    // ---- 1. Imago Dialogue -------------------------------------------------------------------
    {
      id: 'couples-dialogue',
      title: { en: 'Imago Dialogue', et: 'Imago dialoog' },
      guidance: {
        en: 'The core dialogue: the Sender shares, the Receiver mirrors, validates and empathises. Start with the ground rules.',
        et: 'Põhidialoog: saatja jagab, vastuvõtja peegeldab, mõistab ja tunneb kaasa. Alusta põhireeglitest.',
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
            en: 'I-statements, 1–2 sentences, then pause. Reframe "you" into "I".',
            et: 'Mina-laused, 1–2 lauset, siis paus. Sõnasta „sina“ ümber „minaks“.',
          },
          stems: [
            {
              id: 'couples-dialogue.send.feel',
              role: 'S',
              text: { en: 'When that happens, I feel …', et: 'Kui see juhtub, tunnen ma …' },
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
          speakers: ['R'],
          guidance: {
            en: 'Mirror without analysing or answering; match the tone. Wait after "Is there more?".',
            et: 'Peegelda ilma analüüsimata ja vastamata; hoia sama tooni. Oota pärast küsimust „Kas on veel midagi?“.',
          },
          stems: [
            {
              id: 'couples-dialogue.mirror.said',
              role: 'R',
              text: {
                en: 'If I got it, you said …',
                et: 'Kui ma sain õigesti aru, siis sa ütlesid …',
              },
            },
            {
              id: 'couples-dialogue.mirror.check',
              role: 'R',
              text: { en: 'Did I get it?', et: 'Kas ma sain sinust õigesti aru?' },
            },
            {
              id: 'couples-dialogue.mirror.more',
              role: 'R',
              text: { en: 'Is there more?', et: 'Kas on veel midagi?' },
            },
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
              text: { en: 'Is that a fair summary?', et: 'Kas see on õiglane kokkuvõte?' },
            },
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Mõistmine' },
          speakers: ['R'],
          guidance: {
            en: 'Validation is not agreement.',
            et: 'Mõistmine ei tähenda nõustumist.',
          },
          stems: [
            {
              id: 'couples-dialogue.validation.sense',
              role: 'R',
              text: {
                en: 'You make sense, and what makes sense is …',
                et: 'Sinu jutt on mulle mõistetav, ja mõistetav on see, et …',
              },
            },
            {
              id: 'couples-dialogue.validation.understand',
              role: 'R',
              text: {
                en: 'This part makes sense; help me understand …',
                et: 'See osa on mulle arusaadav; aita mul mõista …',
              },
            },
          ],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R'],
          guidance: {
            en: 'Feeling words, not thoughts. Offer the feelings list.',
            et: 'Tundesõnad, mitte mõtted. Paku tunnete loendit.',
          },
          stems: [
            {
              id: 'couples-dialogue.empathy.imagine',
              role: 'R',
              text: {
                en: 'I imagine you might be feeling …',
                et: 'Ma kujutan ette, et sa võid tunda …',
              },
            },
            {
              id: 'couples-dialogue.empathy.check',
              role: 'R',
              text: { en: 'Is that what you feel?', et: 'Kas sa tunned nii?' },
            },
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
              id: 'couples-dialogue.close.thanks',
              role: 'S',
              text: { en: 'Thank you for listening.', et: 'Aitäh, et kuulasid.' },
            },
          ],
        },
        {
          id: 'switch',
          title: { en: 'Switch roles', et: 'Rollivahetus' },
          speakers: ['T'],
          guidance: {
            en: 'The Receiver becomes Sender. Swap roles, then go back to Appointment or Sending.',
            et: 'Vastuvõtjast saab saatja. Vaheta rollid ja mine tagasi sammu Kokkulepe või Jagamine juurde.',
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
            {
              id: 'appreciation.send.appreciate',
              role: 'S',
              text: {
                en: 'One thing I appreciate about you is …',
                et: 'Üks asi, mida ma sinus hindan, on …',
              },
            },
            {
              id: 'appreciation.send.because',
              role: 'S',
              text: { en: 'I appreciate it because …', et: 'Ma hindan seda, sest …' },
            },
            {
              id: 'appreciation.send.feel',
              role: 'S',
              text: { en: 'When you do that, I feel …', et: 'Kui sa seda teed, tunnen ma …' },
            },
          ],
        },
        {
          id: 'mirror',
          title: { en: 'Mirroring', et: 'Peegeldamine' },
          speakers: ['R'],
          guidance: {
            en: 'Mirror the appreciation and let it land. Ask "Is there more?".',
            et: 'Peegelda tunnustust ja lase sel kohale jõuda. Küsi „Kas on veel midagi?“.',
          },
          stems: [
            {
              id: 'appreciation.mirror.said',
              role: 'R',
              text: {
                en: 'If I got it, you said …',
                et: 'Kui ma sain õigesti aru, siis sa ütlesid …',
              },
            },
            {
              id: 'appreciation.mirror.check',
              role: 'R',
              text: { en: 'Did I get it?', et: 'Kas ma sain sinust õigesti aru?' },
            },
            {
              id: 'appreciation.mirror.more',
              role: 'R',
              text: { en: 'Is there more?', et: 'Kas on veel midagi?' },
            },
          ],
        },
        {
          id: 'switch',
          title: { en: 'Switch roles', et: 'Rollivahetus' },
          speakers: ['T'],
          guidance: {
            en: 'The Receiver becomes Sender. Swap roles, then go back to Sending.',
            et: 'Vastuvõtjast saab saatja. Vaheta rollid ja mine tagasi sammu Jagamine juurde.',
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
            {
              id: 'frustration.concern.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
          ],
        },
        {
          id: 'feeling',
          title: { en: 'Feeling', et: 'Tunne' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Feeling words, not thoughts. Offer the feelings list.',
            et: 'Tundesõnad, mitte mõtted. Paku tunnete loendit.',
          },
          stems: [
            {
              id: 'frustration.feeling.say',
              role: 'S',
              text: { en: 'When that happens, I feel …', et: 'Kui see juhtub, tunnen ma …' },
            },
            {
              id: 'frustration.feeling.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
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
            {
              id: 'frustration.reaction.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
          ],
        },
        {
          id: 'story',
          title: { en: 'Story', et: 'Lugu' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'The meaning the Sender gives it: a story, not a fact.',
            et: 'Tähendus, mille saatja sellele annab: lugu, mitte fakt.',
          },
          stems: [
            {
              id: 'frustration.story.say',
              role: 'S',
              text: {
                en: 'And the story I tell myself is …',
                et: 'Ja lugu, mida ma endale räägin, on …',
              },
            },
            {
              id: 'frustration.story.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
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
            {
              id: 'frustration.hurt.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
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
            {
              id: 'frustration.fear.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
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
            {
              id: 'frustration.childhood.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
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
            {
              id: 'frustration.desire.mirror',
              role: 'R',
              text: {
                en: 'I hear you say … Did I get it? Is there more?',
                et: 'Ma kuulen, et sa ütled … Kas ma sain sinust õigesti aru? Kas on veel midagi?',
              },
            },
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
                et: 'Kokkuvõttes … Kas see on õiglane kokkuvõte?',
              },
            },
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Mõistmine' },
          speakers: ['R'],
          guidance: {
            en: 'Validation is not agreement. The Receiver also names their part in the dance.',
            et: 'Mõistmine ei tähenda nõustumist. Vastuvõtja nimetab ka oma osa selles tantsus.',
          },
          stems: [
            {
              id: 'frustration.validation.sense',
              role: 'R',
              text: {
                en: 'You make sense, and what makes sense is … and my part in this dance is …',
                et: 'Sinu jutt on mõistetav, ja mõistetav on see, et … ning minu osa selles tantsus on …',
              },
            },
          ],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R'],
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
                et: 'Ma kujutan ette, et sa tundsid … ja praegu võid tunda …',
              },
            },
          ],
        },
      ],
    },

    // ---- 4. Behavior Change Request ----------------------------------------------------------
    {
      id: 'behavior-change-request',
      title: { en: 'Behavior Change Request', et: 'Käitumise muutmise palve' },
      guidance: {
        en: 'Appreciation first, then one frustration and the wish behind it, then three requests. The Receiver mirrors each request and chooses one as a gift.',
        et: 'Kõigepealt tunnustus, siis üks frustratsioon ja selle taga olev soov, siis kolm palvet. Vastuvõtja peegeldab iga palvet ja valib ühe kingituseks.',
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
            {
              id: 'behavior-change-request.appreciation.appreciate',
              role: 'S',
              text: {
                en: 'One thing I appreciate about you is …',
                et: 'Üks asi, mida ma sinus hindan, on …',
              },
            },
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
              text: { en: 'My frustration is …', et: 'Minu frustratsioon on …' },
            },
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
          ],
        },
        {
          id: 'requests',
          title: { en: 'Requests', et: 'Palved' },
          speakers: ['S'],
          guidance: {
            en: 'Three requests: specific, positive, doable, time-limited.',
            et: 'Kolm palvet: konkreetsed, positiivsed, tehtavad, ajaliselt piiratud.',
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
          speakers: ['R'],
          guidance: {
            en: 'The Receiver mirrors each request, without negotiating.',
            et: 'Vastuvõtja peegeldab iga palvet, ilma läbirääkimisteta.',
          },
          stems: [
            {
              id: 'behavior-change-request.mirror.said',
              role: 'R',
              text: {
                en: 'If I got it, you said …',
                et: 'Kui ma sain õigesti aru, siis sa ütlesid …',
              },
            },
            {
              id: 'behavior-change-request.mirror.check',
              role: 'R',
              text: { en: 'Did I get it?', et: 'Kas ma sain sinust õigesti aru?' },
            },
          ],
        },
        {
          id: 'gift',
          title: { en: 'Gift', et: 'Kingitus' },
          speakers: ['R'],
          guidance: {
            en: 'The Receiver chooses one request and gives it freely, as a gift.',
            et: 'Vastuvõtja valib ühe palve ja kingib selle vabatahtlikult.',
          },
          stems: [
            {
              id: 'behavior-change-request.gift.choose',
              role: 'R',
              text: {
                en: 'I choose … and I give it to you as a gift.',
                et: 'Ma valin … ja kingin selle sulle.',
              },
            },
          ],
        },
      ],
    },

    // ---- 5. Parent–Child Dialogue ------------------------------------------------------------
    {
      id: 'parent-child',
      title: { en: 'Parent–Child Dialogue', et: 'Vanema-lapse dialoog' },
      guidance: {
        en: "The Receiver plays the parent the Sender chooses, shown on the Receiver's video tile. The Receiver mirrors every answer and steps out of the role at the end.",
        et: 'Vastuvõtja mängib vanemat, kelle saatja valib; see on näha vastuvõtja videopildil. Vastuvõtja peegeldab iga vastust ja astub lõpus rollist välja.',
      },
      steps: [
        {
          id: 'set-role',
          title: { en: 'Choosing the parent', et: 'Vanema valimine' },
          speakers: ['T', 'S'],
          guidance: {
            en: 'The Sender chooses which parent the Receiver will play, mother or father. Both agree before starting.',
            et: 'Saatja valib, kumba vanemat vastuvõtja mängib, ema või isa. Mõlemad nõustuvad enne alustamist.',
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
          ],
        },
        {
          id: 'hardest',
          title: { en: 'The hardest thing', et: 'Kõige raskem' },
          speakers: ['R', 'S'],
          guidance: {
            en: 'Stay with the hardest thing; mirror and ask "Is there more?".',
            et: 'Püsi kõige raskema juures; peegelda ja küsi „Kas on veel midagi?“.',
          },
          stems: [
            {
              id: 'parent-child.hardest.ask',
              role: 'R',
              text: {
                en: 'What is the hardest thing about living with me?',
                et: 'Mis on minuga elades kõige raskem?',
              },
            },
          ],
        },
        {
          id: 'needed',
          title: { en: 'What you needed', et: 'Mida sa vajasid' },
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
                en: "What did you need most from me that you didn't get?",
                et: 'Mida sa minult kõige rohkem vajasid, aga ei saanud?',
              },
            },
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
          ],
        },
        {
          id: 'validation',
          title: { en: 'Validation', et: 'Mõistmine' },
          speakers: ['R'],
          guidance: {
            en: "The parent validates the child's experience.",
            et: 'Vanem näitab, et lapse kogemus on mõistetav.',
          },
          stems: [
            {
              id: 'parent-child.validation.sense',
              role: 'R',
              text: { en: 'It makes sense that you felt …', et: 'On mõistetav, et sa tundsid …' },
            },
          ],
        },
        {
          id: 'empathy',
          title: { en: 'Empathy', et: 'Kaasatundmine' },
          speakers: ['R'],
          guidance: {
            en: 'Feeling words, not thoughts. Offer the feelings list.',
            et: 'Tundesõnad, mitte mõtted. Paku tunnete loendit.',
          },
          stems: [
            {
              id: 'parent-child.empathy.imagine',
              role: 'R',
              text: { en: 'I imagine you felt …', et: 'Ma kujutan ette, et sa tundsid …' },
            },
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
      ],
    },

    // ---- 6. Caring Behaviors -----------------------------------------------------------------
    {
      id: 'caring-behaviors',
      title: { en: 'Caring Behaviors', et: 'Hoolivad teod' },
      guidance: {
        en: 'Caring behaviors are specific, positive, small, repeatable and not a current source of conflict; rate each 1–5.',
        et: 'Hoolivad teod on konkreetsed, positiivsed, väikesed, korratavad ega ole praegu konfliktiallikas; hinnake igaüht skaalal 1–5.',
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
          ],
        },
        {
          id: 'would',
          title: { en: 'Wishes', et: 'Soovid' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'What has never happened yet: small, repeatable, not a current source of conflict.',
            et: 'Mida pole veel kunagi juhtunud: väike, korratav, ei ole praegu konfliktiallikas.',
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
          ],
        },
        {
          id: 'exchange',
          title: { en: 'Exchange lists', et: 'Loendite vahetamine' },
          speakers: ['S', 'R'],
          guidance: {
            en: 'Exchange the lists and rate each item 1–5.',
            et: 'Vahetage loendid ja hinnake iga punkti skaalal 1–5.',
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
          stems: [
            {
              id: 'caring-behaviors.gift-today.choose',
              role: 'R',
              text: {
                en: 'I choose … and I give it to you as a gift.',
                et: 'Ma valin … ja kingin selle sulle.',
              },
            },
          ],
        },
      ],
    },
  ],

  palette: [
    {
      id: 'palette.feel',
      role: 'S',
      text: { en: 'And when that happens, I feel …', et: 'Ja kui see juhtub, tunnen ma …' },
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
        et: 'Ja kõige raskem on mulle selles …',
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
        et: 'Ja kui ma selle saaksin, tunneksin ma …',
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
      text: { en: 'Slower, in smaller pieces.', et: 'Aeglasemalt, väiksemate tükkidena.' },
    },
    {
      id: 'ouch',
      text: { en: "Ouch — let's try that again.", et: 'Ai — proovime uuesti.' },
      repair: { en: "I'm sorry, let me say it again.", et: 'Vabandust, ütlen uuesti.' },
    },
    {
      id: 'face-each-other',
      text: {
        en: 'Turn to each other, not to me.',
        et: 'Pöörake näod teineteise poole, mitte minu poole.',
      },
    },
  ],

  feelings: [
    { id: 'glad', text: { en: 'glad', et: 'rõõmus' } },
    { id: 'sad', text: { en: 'sad', et: 'kurb' } },
    { id: 'mad', text: { en: 'mad', et: 'vihane' } },
    { id: 'scared', text: { en: 'scared', et: 'hirmul' } },
    { id: 'hurt', text: { en: 'hurt', et: 'haavunud' } },
    { id: 'lonely', text: { en: 'lonely', et: 'üksildane' } },
    { id: 'ashamed', text: { en: 'ashamed', et: 'häbi' } },
    { id: 'relieved', text: { en: 'relieved', et: 'kergendus' } },
    { id: 'hopeful', text: { en: 'hopeful', et: 'lootusrikas' } },
    { id: 'tender', text: { en: 'tender', et: 'hell' } },
    { id: 'tired', text: { en: 'tired', et: 'väsinud' } },
    { id: 'confused', text: { en: 'confused', et: 'segaduses' } },
  ],
});
