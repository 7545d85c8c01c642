/* Shared fixtures and fakes for the browser engine tests (node --test tests/js/).

   The two quizzes below are the JSON that `szpon build` writes into the demo pages
   (QuizForm.payload), copied from site/courses/segregacja-odpadow/odpady-niebezpieczne.html
   and site/courses/dostepnosc-cyfrowa/test-koncowy.html. They are the exact shape
   score.js receives in a browser. Each call returns a fresh copy, so a test may change it. */
"use strict";

const path = require("node:path");

const JS = path.join(__dirname, "..", "..", "themes", "default", "assets", "js");

/** The very files the pages load. */
const score = require(path.join(JS, "score.js"));
const store = require(path.join(JS, "store.js"));

/* content/courses/segregacja-odpadow/04-odpady-niebezpieczne.md, "Sprawdź się":
   immediate feedback, not graded, no shuffle, pass 60 (the course default). */
const SEGREGACJA = {
  "graded": false,
  "hash": "56b9018e134e8abc99619b611e765568",
  "id": "segregacja-sprawdz-sie",
  "mode": "immediate",
  "pass": 60,
  "questions": [
    {
      "answers": [
        {
          "correct": true,
          "feedback": "Dobrze! Karton po mleku ma warstwy papieru, folii i aluminium, więc trafia do żółtego pojemnika.",
          "weight": 100
        },
        {
          "correct": false,
          "feedback": "Nie. Karton wygląda jak papier, ale ma warstwy folii i aluminium, więc nie trafia do niebieskiego pojemnika.",
          "weight": 0
        },
        {
          "correct": false,
          "feedback": "Nie. Karton po mleku to surowiec, który da się przetworzyć.",
          "weight": 0
        }
      ],
      "feedback": "Kartony po mleku i sokach to opakowania wielomateriałowe, zbierane razem z tworzywami sztucznymi.",
      "id": "karton-po-mleku",
      "options": 3,
      "points": 1,
      "type": "single"
    },
    {
      "answers": [
        {
          "correct": true,
          "feedback": "Tak, to szkło opakowaniowe."
        },
        {
          "correct": true,
          "feedback": "Tak, wystarczy ją opróżnić."
        },
        {
          "correct": false,
          "feedback": "Nie. Porcelana psuje stłuczkę szklaną; wrzuć ją do czarnego pojemnika."
        },
        {
          "correct": false,
          "feedback": "Nie. Lustra mają inny skład i powłokę; wrzuć je do czarnego pojemnika lub oddaj w PSZOK-u."
        },
        {
          "correct": false,
          "feedback": "Nie. Świetlówka to elektroodpad zawierający rtęć; oddaj ją w PSZOK-u."
        }
      ],
      "feedback": "Do zielonego pojemnika trafia tylko szkło opakowaniowe, czyli butelki i słoiki.",
      "id": "zielony-pojemnik",
      "options": 5,
      "points": 1,
      "type": "multiple"
    },
    {
      "answer": false,
      "feedbackFalse": "Zgadza się. Papier termiczny z paragonów nie nadaje się do recyklingu, dlatego trafia do czarnego pojemnika.",
      "feedbackTrue": "To nieprawda. Paragony drukuje się na papierze termicznym, który zawiera chemikalia i nie nadaje się do recyklingu. Wrzucaj je do czarnego pojemnika.",
      "id": "paragon",
      "points": 1,
      "type": "truefalse"
    },
    {
      "answers": [
        {
          "text": "PSZOK",
          "weight": 100
        },
        {
          "text": "Punkt Selektywnej Zbiórki Odpadów Komunalnych",
          "weight": 100
        }
      ],
      "caseSensitive": false,
      "feedback": "To PSZOK, czyli Punkt Selektywnej Zbiórki Odpadów Komunalnych. W Przykładowie działa przy ul. Ekologicznej 5.",
      "id": "pszok-nazwa",
      "ignoreDiacritics": true,
      "points": 1,
      "type": "short"
    },
    {
      "count": 4,
      "feedback": "Leki oddajemy w aptekach, baterie do specjalnych pojemników, elektroodpady w PSZOK-u lub w sklepie, a obierki do brązowego pojemnika.",
      "id": "gdzie-oddac",
      "key": [
        3,
        2,
        1,
        0
      ],
      "points": 1,
      "type": "matching"
    },
    {
      "count": 5,
      "feedback": "Najpierw segregujesz w domu, potem odpady jadą do sortowni, a posortowany surowiec do zakładu recyklingu.",
      "id": "droga-butelki",
      "key": [
        0,
        1,
        2,
        3,
        4
      ],
      "points": 1,
      "type": "ordering"
    }
  ],
  "shuffle": false
};

/* content/courses/dostepnosc-cyfrowa/05-test-koncowy.md, the graded final test:
   pass 70, shuffle, 3 attempts, 20 minutes; one of each main question type. */
const DOSTEPNOSC = {
  "attempts": 3,
  "graded": true,
  "hash": "9358d2247d4da5173e37a8a665f4f236",
  "id": "dostepnosc-test-koncowy",
  "mode": "after",
  "pass": 70,
  "questions": [
    {
      "answers": [
        {
          "correct": true,
          "feedback": "Dobrze. Czytnik ekranu pominie ozdobnik.",
          "weight": 100
        },
        {
          "correct": false,
          "feedback": "Czytnik odczyta to słowo przy każdym wyświetleniu strony, a użytkownik nie dowie się niczego nowego.",
          "weight": 0
        },
        {
          "correct": false,
          "feedback": "To nic nie mówi, a czytnik i tak informuje, że to grafika.",
          "weight": 0
        },
        {
          "correct": false,
          "feedback": "Bez atrybutu alt czytnik może odczytać nazwę pliku, np. „szlaczek-2-final-png”.",
          "weight": 0
        }
      ],
      "feedback": "Obrazy dekoracyjne mają pusty tekst alternatywny (<code>alt=&quot;&quot;</code>), dzięki czemu czytnik ekranu je pomija (kryterium 1.1.1).",
      "id": "alt-dekoracyjny",
      "options": 4,
      "points": 1,
      "type": "single"
    },
    {
      "answers": [
        {
          "correct": true,
          "feedback": "Tak. Wiadomo, co to za plik, jaki ma format i ile waży.",
          "weight": 50
        },
        {
          "correct": true,
          "feedback": "Tak. Tekst mówi, co się stanie po kliknięciu.",
          "weight": 50
        },
        {
          "correct": false,
          "feedback": "Nie. Na liście linków „Kliknij tutaj” nic nie mówi.",
          "weight": -50
        },
        {
          "correct": false,
          "feedback": "Nie. Jeśli na stronie jest kilka linków „Więcej”, nie da się ich odróżnić.",
          "weight": -50
        },
        {
          "correct": false,
          "feedback": "Nie. Czytnik przeczyta adres znak po znaku, a i tak nie wiadomo, co jest pod nim.",
          "weight": -25
        }
      ],
      "feedback": "Link mówi, dokąd prowadzi, a link do pliku podaje format i rozmiar (kryterium 2.4.4 Cel łącza).",
      "id": "teksty-linkow",
      "options": 5,
      "points": 2,
      "type": "multiple"
    },
    {
      "answer": false,
      "feedbackFalse": "Zgadza się. Skan to obraz, z którego czytnik ekranu nie odczyta tekstu. Treść trzeba opublikować jako tekst lub PDF z tagami.",
      "feedbackTrue": "To nieprawda. Skan to obraz: czytnik ekranu nie odczyta z niego tekstu niezależnie od rozdzielczości. Treść trzeba opublikować jako tekst lub PDF z tagami.",
      "id": "skan-pdf",
      "points": 1,
      "type": "truefalse"
    },
    {
      "answers": [
        {
          "text": "deklaracja dostępności",
          "weight": 100
        },
        {
          "text": "deklaracja dostępności cyfrowej",
          "weight": 100
        },
        {
          "text": "deklaracja dostępności strony internetowej",
          "weight": 100
        },
        {
          "text": "oświadczenie w sprawie dostępności",
          "weight": 100
        }
      ],
      "caseSensitive": false,
      "feedback": "To deklaracja dostępności. Link do niej znajdziesz w stopce strony. Trzeba ją przeglądać co najmniej raz w roku, do 31 marca.",
      "id": "nazwa-deklaracji",
      "ignoreDiacritics": true,
      "points": 1,
      "type": "short"
    },
    {
      "answers": [
        {
          "max": 4.5,
          "min": 4.5,
          "weight": 100
        }
      ],
      "feedback": "Zwykły tekst wymaga kontrastu co najmniej 4,5:1, duży tekst co najmniej 3:1.",
      "id": "kontrast-minimum",
      "points": 1,
      "type": "numeric"
    },
    {
      "accept": [
        [
          "7",
          "siedmiu",
          "siedem"
        ],
        [
          "2",
          "dwa",
          "dwóch"
        ],
        [
          "Rzecznika Praw Obywatelskich",
          "RPO",
          "Rzecznik Praw Obywatelskich"
        ]
      ],
      "blanks": 3,
      "caseSensitive": false,
      "feedback": "Terminy wynikają z ustawy z 4 kwietnia 2019 r.: 7 dni, a w wyjątkowych przypadkach najwyżej 2 miesiące. Potem skarga, a następnie wniosek do Rzecznika Praw Obywatelskich.",
      "id": "terminy-zadania",
      "ignoreDiacritics": false,
      "points": 3,
      "type": "cloze"
    },
    {
      "count": 4,
      "feedback": "1.1.1 – teksty alternatywne, 1.4.3 – kontrast tekstu, 2.4.4 – cel linku, 1.4.1 – przekazywanie informacji nie tylko kolorem.",
      "id": "kryteria-wcag",
      "key": [
        3,
        2,
        0,
        1
      ],
      "points": 2,
      "type": "matching"
    },
    {
      "feedback": "Dobra odpowiedź obejmuje m.in.: publikację najważniejszych informacji jako tekstu na stronie, nagłówki ze stylów, tabelę z wierszem nagłówka, tekst alternatywny mapki i opis dojazdu słowami, tytuł i język dokumentu, sprawdzenie dostępności w Wordzie, eksport do PDF z tagami, sprawdzenie pliku w PAC oraz link z formatem i rozmiarem pliku.",
      "id": "dostepny-pdf",
      "points": 4,
      "type": "essay"
    }
  ],
  "shuffle": true,
  "timeLimit": 20
};

function copy(value) { return JSON.parse(JSON.stringify(value)); }

/** The "Sprawdź się" quiz of the waste-sorting course. */
function segregacjaQuiz() { return copy(SEGREGACJA); }

/** The final test of the digital accessibility course. */
function dostepnoscQuiz() { return copy(DOSTEPNOSC); }

/** One question of a demo quiz, by id. */
function demoQuestion(quiz, id) {
  const q = quiz.questions.find((item) => item.id === id);
  if (!q) { throw new Error("no question " + id + " in " + quiz.id); }
  return q;
}

/** The same quiz as an exam-mode page publishes it: ids, types, points and counts, no key. */
function withoutKey(quiz) {
  const KEEP = ["id", "type", "points", "options", "count", "blanks"];
  const out = copy(quiz);
  out.mode = "exam";
  out.questions = out.questions.map((q) => {
    const item = {};
    KEEP.forEach((k) => { if (q[k] !== undefined) { item[k] = q[k]; } });
    return item;
  });
  return out;
}

/**
 * A stand-in for window.localStorage. Options:
 *   quota: the most characters (keys plus values) it holds; a write beyond that throws
 *          like a full browser storage (QuotaExceededError);
 *   refuse: every call throws, like storage disabled in a privacy mode.
 * `writes` counts successful setItem calls; `data` is the raw map, for inspection.
 */
function fakeStorage(options) {
  const opts = options || {};
  const data = new Map();
  const refuse = () => {
    const e = new Error("The operation is insecure.");
    e.name = "SecurityError";
    throw e;
  };
  const used = () => { let n = 0; data.forEach((v, k) => { n += k.length + v.length; }); return n; };
  const fake = {
    data,
    writes: 0,
    getItem(k) { if (opts.refuse) { refuse(); } return data.has(k) ? data.get(k) : null; },
    setItem(k, v) {
      if (opts.refuse) { refuse(); }
      const value = String(v);
      const before = data.has(k) ? k.length + data.get(k).length : 0;
      if (opts.quota != null && used() - before + k.length + value.length > opts.quota) {
        const e = new Error("The quota has been exceeded.");
        e.name = "QuotaExceededError";
        throw e;
      }
      data.set(k, value);
      fake.writes++;
    },
    removeItem(k) { if (opts.refuse) { refuse(); } data.delete(k); },
    key(i) { if (opts.refuse) { refuse(); } const keys = Array.from(data.keys()); return i < keys.length ? keys[i] : null; },
    get length() { if (opts.refuse) { refuse(); } return data.size; },
  };
  return fake;
}

/** A clock for store.open(..., {now}): starts at `start` and moves one minute per call. */
function clock(start) {
  let t = Date.parse(start || "2026-03-02T08:00:00.000Z");
  return function () { const d = new Date(t); t += 60000; return d; };
}

/** A version 4 UUID as RFC 9562 writes it, lower case. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An ISO 8601 time as Date.prototype.toISOString writes it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A quiz of `n` true/false questions worth 1 point each, all with the answer true. */
function trueFalseQuiz(n, pass) {
  const questions = [];
  for (let i = 1; i <= n; i++) { questions.push({ id: "q" + i, type: "truefalse", points: 1, answer: true }); }
  const quiz = { id: "tf", mode: "after", graded: true, shuffle: false, questions };
  if (pass !== undefined) { quiz.pass = pass; }
  return quiz;
}

/** Answers the first `right` questions of trueFalseQuiz correctly and the rest wrongly. */
function trueFalseAnswers(n, right) {
  const out = {};
  for (let i = 1; i <= n; i++) { out["q" + i] = i <= right; }
  return out;
}

/* Everything right in the final test of the accessibility course (the essay aside). */
const DOSTEPNOSC_ALL_RIGHT = {
  "alt-dekoracyjny": 0,
  "teksty-linkow": [0, 1],
  "skan-pdf": false,
  "nazwa-deklaracji": "deklaracja dostępności",
  "kontrast-minimum": "4,5",
  "terminy-zadania": ["7", "2", "RPO"],
  "kryteria-wcag": [3, 2, 0, 1],
  "dostepny-pdf": "Nagłówki ze stylów, tekst alternatywny mapki, tabela z nagłówkiem, PDF z tagami.",
};

module.exports = {
  score, store, segregacjaQuiz, dostepnoscQuiz, demoQuestion, withoutKey, fakeStorage, clock, copy,
  UUID_V4, ISO_TIME, trueFalseQuiz, trueFalseAnswers, DOSTEPNOSC_ALL_RIGHT,
};
