/* Dialoog on the phone: "Voorlezen" (issue #14). The browser's own speech synthesis reads the
   question aloud when it appears or changes, and "Jij bent aan de beurt" when the turn comes.
   No server and no audio over the network: the script watches the page itself, so it hears the
   question and the turn however they arrive (an update of this phone, or the turn broadcast of
   live.py). Nothing is said twice in a row: what was said is kept per page in sessionStorage,
   so a re-render or a reload after the phone slept stays quiet. The switch (phone_comfort.py)
   calls dialoogComfort.switched() inside its own tap: iOS and Chrome only speak after a gesture,
   and the short confirmation spoken there is that gesture. */
(() => {
  "use strict";
  const synth = window.speechSynthesis;
  const supported = !!synth && typeof window.SpeechSynthesisUtterance === "function";
  const ON = "d-read-aloud"; // body class: reading aloud is on (set by the page and by the switch)
  const QUESTION = ".d-phone-question";
  const TURN = ".d-my-turn";
  const TURN_TEXT = ".d-say-turn";
  const REGIONS = { nl: "nl-NL", en: "en-GB", fr: "fr-FR" };
  const memoryKey = () => `dialoog-said:${location.pathname}`;
  let pending = []; // refused for want of a gesture: said at the next tap or key
  let checkScheduled = false;

  if (!supported) document.documentElement.classList.add("d-no-speech");

  const isOn = () => !!document.body && document.body.classList.contains(ON);
  const visible = (element) => !!element && element.getClientRects().length > 0;
  const textOf = (element) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();

  function language() {
    const lang = (document.documentElement.lang || "nl").replace("_", "-");
    const base = lang.split("-")[0].toLowerCase();
    return { base, tag: lang.includes("-") ? lang : REGIONS[base] ?? lang };
  }

  function voice() {
    const { base, tag } = language();
    const voices = synth.getVoices().filter((v) => (v.lang || "").replace("_", "-").toLowerCase().startsWith(base));
    const score = (v) =>
      (v.lang.replace("_", "-").toLowerCase() === tag.toLowerCase() ? 4 : 0) + (v.localService ? 2 : 0) + (v.default ? 1 : 0);
    return voices.sort((a, b) => score(b) - score(a))[0] ?? null;
  }

  function recall() {
    try {
      return JSON.parse(sessionStorage.getItem(memoryKey()) || "{}");
    } catch (error) {
      return {};
    }
  }

  function remember(said) {
    try {
      sessionStorage.setItem(memoryKey(), JSON.stringify(said));
    } catch (error) {
      /* private mode: the memory lasts as long as the page */
    }
  }

  /* Say ``texts`` one after the other; anything still being said is cut off first. */
  function say(...texts) {
    texts = texts.filter(Boolean);
    if (!supported || !texts.length) return;
    if (synth.speaking || synth.pending) synth.cancel(); // (iOS may drop a speak() right after a needless cancel)
    if (synth.paused) synth.resume();
    const { tag } = language();
    const chosen = voice();
    for (const text of texts) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = chosen?.lang ?? tag;
      if (chosen) utterance.voice = chosen;
      utterance.rate = 0.95; // a little slower than the default: calm and clear
      utterance.onerror = (event) => {
        if (event.error === "not-allowed" && !pending.includes(text)) pending.push(text);
      };
      synth.speak(utterance);
    }
  }

  /* The turn came while the person was further down (writing a card): show them the turn. */
  function bringIntoView(element) {
    const box = element?.getBoundingClientRect();
    if (!box || (box.top >= 0 && box.top < window.innerHeight / 2)) return;
    const calm = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "start", behavior: calm ? "auto" : "smooth" });
  }

  /* What is on the page now, and whether it is news since it was last said. */
  function look() {
    const question = document.querySelector(QUESTION);
    const turn = document.querySelector(TURN);
    return {
      question: visible(question) ? textOf(question) : "",
      mine: visible(turn),
      turnText: textOf(turn?.querySelector(TURN_TEXT)),
    };
  }

  function check() {
    checkScheduled = false;
    const now = look();
    const said = recall();
    const newTurn = now.mine && !said.turn;
    const newQuestion = !!now.question && now.question !== said.question;
    if (!newTurn && !newQuestion && !!said.turn === now.mine) return;
    remember({ question: now.question || said.question || "", turn: now.mine });
    if (newTurn) bringIntoView(document.querySelector(TURN));
    if (!isOn()) return; // kept all the same: switching on later does not read out old news
    const texts = [];
    if (newTurn) texts.push(now.turnText);
    if (newQuestion) texts.push(now.question);
    say(...texts);
  }

  function scheduleCheck() {
    if (checkScheduled) return;
    checkScheduled = true;
    setTimeout(check, 60); // one look after a burst of changes (an update changes several elements)
  }

  /* The "Voorlezen" switch, inside its own tap. */
  function switched(on, confirmation) {
    document.body.classList.toggle(ON, !!on);
    pending = [];
    if (!supported) return;
    if (!on) {
      synth.cancel();
      return;
    }
    const now = look();
    remember({ question: now.question, turn: now.mine });
    say(confirmation, now.mine ? now.turnText : "", now.question);
  }

  /* "Lees voor": the question once more, on request (whether or not "Voorlezen" is on). */
  function sayQuestion() {
    const now = look();
    say(now.question);
  }

  function sayPending() {
    if (!pending.length || !isOn()) return;
    const texts = pending;
    pending = [];
    say(...texts);
  }

  function start() {
    new MutationObserver(scheduleCheck).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["class", "style"],
    });
    for (const type of ["pointerup", "keydown"]) document.addEventListener(type, sayPending, true);
    if (supported) synth.getVoices(); // some browsers load their voices on the first ask
    scheduleCheck();
  }

  window.dialoogComfort = { switched, sayQuestion, say, supported };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
