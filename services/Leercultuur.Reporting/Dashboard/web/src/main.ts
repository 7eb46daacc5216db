// The monitor dashboard: reads the state from the address, loads what there is to choose from, and draws
// the chosen view. Everything comes from the public APIs the host names in config.json.

import { Api, ApiError, CodedValue, DashboardConfig } from "./api";
import { currentToken, finishOidc, keepToken, readClaims, signOut, startOidc } from "./auth";
import { Catalogue, dimensionsOf, granularityOf, loadCatalogue, periodsOf, rolesOf } from "./catalogue";
import { escapeHtml } from "./charts";
import { codesOf, FormContext, formHtml, readForm, viewsHtml } from "./controls";
import { dictionaries, Numbers, Words } from "./i18n";
import { effectiveGroup, filterDimensions, groupings, readState, State, total, View, writeState } from "./state";
import { renderView } from "./views";

const page = {
  form: () => document.getElementById("query") as HTMLFormElement,
  views: () => document.getElementById("views") as HTMLElement,
  result: () => document.getElementById("result") as HTMLElement,
  status: () => document.getElementById("result-status") as HTMLElement,
  account: () => document.getElementById("account") as HTMLElement,
  dialog: () => document.getElementById("token-dialog") as HTMLDialogElement,
};

let config: DashboardConfig;
let state: State;
let catalogue: Catalogue | null = null;
let programmes: CodedValue[] = [];
let programmesKnown = false;
let renderCount = 0;
let wired = false;

const words = (): Words => dictionaries[state.lang];

const api = () => new Api(config, currentToken, () => state.lang);

function claims() {
  const token = currentToken();
  return token ? readClaims(token, config.signIn.roleClaim, config.signIn.programmeClaim) : null;
}

/** Whether the signed-in caller may read programme rows (the API's access model, from config.json). */
function readsProgrammes(): boolean {
  const who = claims();
  return who !== null && who.roles.some((r) => config.signIn.programmeRoles.includes(r));
}

/**
 * Makes any state a valid one: fills what the address left open (a first visit sees the latest four
 * released quarters) and drops what the lists do not hold, so a hand-made or stale address never sends
 * the API a query it refuses (a programme filter without a sign-in, a 2025 section in the 2008 view).
 */
function complete(from: State, known: Catalogue): State {
  const next: State = { ...from, filters: { ...from.filters } };
  if (!next.instrument || !known.instruments.some((i) => i.key === next.instrument)) {
    next.instrument = known.instruments[0]?.key ?? null;
  }

  const dimensions = next.instrument ? dimensionsOf(known, next.instrument) : [];
  if (!next.dimension || !dimensions.some((d) => d.code === next.dimension)) {
    next.dimension = dimensions[0]?.code ?? null;
  }

  if (next.instrument && !rolesOf(known, next.instrument, next.lang).some((r) => r.code === next.role)) {
    next.role = total;
  }

  const held = (period: string | null) => period !== null && known.periods.some((p) => p.period === period);
  if (!held(next.to)) {
    const quarters = periodsOf(known, "quarter").filter((p) => !p.provisional);
    next.to = quarters[quarters.length - 1]?.period ?? known.periods[known.periods.length - 1]?.period ?? null;
  }

  const granularity = next.to ? granularityOf(next.to) : "quarter";
  const same = periodsOf(known, granularity).map((p) => p.period);
  if (!held(next.from) || granularityOf(next.from!) !== granularity || next.from! > (next.to ?? "")) {
    const index = next.to ? same.indexOf(next.to) : -1;
    next.from = index >= 0 ? same[Math.max(0, index - 3)] : next.to;
  }

  const mayProgrammes = readsProgrammes();
  if (next.group === "programme" && !mayProgrammes) {
    next.group = "sector";
    next.show = null;
  }

  const context = { ...formContext(), state: next };
  for (const dimension of filterDimensions) {
    if (dimension === "programme") {
      if (!mayProgrammes || (programmesKnown && !programmes.some((p) => p.code === next.filters.programme))) next.filters.programme = total;
    } else if (!known.codes[dimension].some((c) => c.code === next.filters[dimension])) {
      next.filters[dimension] = total;
    }
  }

  if (next.show !== null && !(next.group === "programme" && !programmesKnown)) {
    const codes = new Set(codesOf(context, next.group).map((c) => c.code));
    const kept = next.show.filter((c) => codes.has(c));
    next.show = kept.length === next.show.length || kept.length > 0 ? kept : null;
  }

  if (!groupings.includes(next.group)) next.group = "sector";
  return next;
}

function formContext(): FormContext {
  return { catalogue: catalogue!, state, words: words(), programmes, signedIn: readsProgrammes() };
}

function applyLanguage(): void {
  const w = words();
  document.documentElement.lang = state.lang;
  document.title = w.title;
  document.getElementById("title")!.textContent = w.title;
  document.getElementById("subtitle")!.textContent = w.subtitle;
  document.getElementById("skip-link")!.textContent = w.skip;
  document.getElementById("source")!.textContent = w.dataSource;
  document.getElementById("licences")!.textContent = w.licences;
  const language = document.getElementById("language") as HTMLAnchorElement;
  language.textContent = w.otherLanguage;
  language.lang = w.otherLanguageCode;
  language.hreflang = w.otherLanguageCode;
  language.href = writeState({ ...state, lang: w.otherLanguageCode as State["lang"] });
  page.views().setAttribute("aria-label", w.views);
  renderAccount();
}

function renderAccount(message = ""): void {
  const w = words();
  const account = page.account();
  const who = claims();
  if (config.signIn.mode === "none") {
    account.innerHTML = "";
    return;
  }

  const note = message ? `<span class="account-message" role="alert">${escapeHtml(message)}</span> ` : "";
  if (who) {
    const name = who.programme ? programmes.find((p) => p.code === who.programme)?.label ?? who.programme : who.roles.join(", ");
    account.innerHTML = `${note}<span id="signed-in">${escapeHtml(w.signedInAs)} <strong>${escapeHtml(name)}</strong></span> <button type="button" id="sign-out">${escapeHtml(w.signOut)}</button>`;
    account.querySelector("#sign-out")!.addEventListener("click", () => {
      signOut();
      programmes = [];
      programmesKnown = false;
      void go(complete(state, catalogue!), true, true).then(() => document.getElementById("sign-in")?.focus());
    });
  } else {
    account.innerHTML = `${note}<button type="button" id="sign-in">${escapeHtml(w.signIn)}</button>`;
    account.querySelector("#sign-in")!.addEventListener("click", () => void beginSignIn());
  }
}

async function beginSignIn(): Promise<void> {
  if (config.signIn.mode === "oidc") {
    try {
      await startOidc(config);
    } catch (error) {
      renderAccount(`${words().signInFailed}: ${error instanceof Error ? error.message : String(error)}`);
    }

    return;
  }

  const w = words();
  const dialog = page.dialog();
  dialog.innerHTML = `<form method="dialog" id="token-form">
      <h2 id="token-title">${escapeHtml(w.signIn)}</h2>
      <label for="token">${escapeHtml(w.tokenLabel)}</label>
      <p class="hint" id="token-help">${escapeHtml(w.tokenHelp)}</p>
      <textarea id="token" name="token" rows="5" aria-describedby="token-help token-error" autocomplete="off" spellcheck="false"></textarea>
      <p class="error" id="token-error" role="alert"></p>
      <p class="actions"><button type="submit" id="token-submit">${escapeHtml(w.tokenSubmit)}</button> <button type="button" id="token-cancel">${escapeHtml(w.tokenCancel)}</button></p>
    </form>`;
  dialog.setAttribute("aria-labelledby", "token-title");
  dialog.querySelector("#token-cancel")!.addEventListener("click", () => dialog.close());
  dialog.querySelector("#token-form")!.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = (dialog.querySelector("#token") as HTMLTextAreaElement).value.trim();
    const refusal = await refusalOf(token);
    if (refusal !== null) {
      dialog.querySelector("#token-error")!.textContent = refusal;
      return;
    }

    keepToken(token);
    dialog.close();
    if (catalogue === null) {
      // The figures were not open without a token (Reporting:Access:PublicIndicators=false): load them now.
      await load();
      return;
    }

    await loadProgrammes();
    await go(complete(state, catalogue), true, true);
    document.getElementById("sign-out")?.focus();
  });
  dialog.addEventListener("close", () => document.getElementById("sign-in")?.focus(), { once: true });
  dialog.showModal();
  (dialog.querySelector("#token") as HTMLTextAreaElement).focus();
}

/**
 * Why the APIs would not take a token, or null when they do. Asked of an answer that needs one: programme
 * rows (any reader of them), or the instruments where the figures are not open.
 */
async function refusalOf(token: string): Promise<string | null> {
  const w = words();
  const who = readClaims(token, config.signIn.roleClaim, config.signIn.programmeClaim);
  if (!who) {
    return w.tokenInvalid;
  }

  const probe = new Api(config, () => token, () => state.lang);
  try {
    if (state.instrument && state.to && who.roles.some((r) => config.signIn.programmeRoles.includes(r))) {
      const query = new URLSearchParams({ instrument: state.instrument, groupBy: "programme", startPeriod: state.to, endPeriod: state.to });
      if (state.dimension) query.set("dimension", state.dimension);
      await probe.observations(query);
    } else {
      await probe.instruments();
    }

    return null;
  } catch (error) {
    return error instanceof ApiError && (error.status === 401 || error.status === 403) ? w.tokenInvalid : `${w.signInFailed}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The programmes a signed-in caller may read: a programme its own; an analyst those with figures. */
async function loadProgrammes(): Promise<void> {
  const who = claims();
  programmesKnown = false;
  if (!who || !readsProgrammes() || !state.instrument || !state.to) {
    programmes = [];
    return;
  }

  let ids: { code: string; label: string }[] = [];
  if (who.programme) {
    ids = [{ code: who.programme, label: who.programme }];
  } else {
    try {
      const answer = await api().observations(new URLSearchParams({ instrument: state.instrument, dimension: state.dimension ?? "", groupBy: "programme", startPeriod: state.from ?? state.to, endPeriod: state.to }));
      ids = [...new Map(answer.observations.map((o) => [o.programme.code, o.programme.label])).entries()].map(([code, label]) => ({ code, label }));
    } catch {
      ids = [];
    }
  }

  programmes = await Promise.all(ids.map(async (p) => ({ code: p.code, label: (await api().programmeName(p.code)) ?? p.label })));
  programmesKnown = true;
}

function renderForm(): void {
  page.form().innerHTML = formHtml(formContext());
  page.views().innerHTML = viewsHtml(state.view, words());
}

/** Keeps the parts of the form that depend on the state right without drawing it again (the control in use stays). */
function updateForm(): void {
  const count = document.getElementById("show-count");
  const boxes = [...page.form().querySelectorAll<HTMLInputElement>('input[name="show"]')];
  if (count) count.textContent = `${boxes.filter((b) => b.checked).length} / ${boxes.length}`;
  (document.getElementById("language") as HTMLAnchorElement).href = writeState({ ...state, lang: words().otherLanguageCode as State["lang"] });
}

async function refresh(formToo: boolean): Promise<void> {
  if (formToo) {
    applyLanguage();
    renderForm();
  } else {
    updateForm();
  }

  const w = words();
  const programmeNames = new Map(programmes.map((p) => [p.code, p.label]));
  const order = codesOf(formContext(), effectiveGroup(state)).map((c) => c.code);
  const mine = ++renderCount;
  const said = await renderView(page.result(), {
    api: api(),
    catalogue: catalogue!,
    state,
    words: w,
    numbers: new Numbers(state.lang),
    labels: { language: state.lang, sbi: catalogue!.sbi, national: w.national, programmeNames },
    order,
    isCurrent: () => mine === renderCount,
    onUnauthorised: () => {
      if (currentToken()) {
        signOut();
        programmes = [];
        programmesKnown = false;
        void go(complete(state, catalogue!), true, true).then(() => renderAccount(words().signedOutExpired));
      }
    },
  });
  if (mine === renderCount) {
    page.status().textContent = said;
    page.result().dataset.rendered = writeState(state);
  }
}

/**
 * Shows a state. The form is drawn again only when its choices change (another instrument, grouping,
 * period kind, view, language, SBI view or sign-in); otherwise the control in use stays as it is.
 */
async function go(next: State, push: boolean, formToo: boolean): Promise<void> {
  const reload = next.lang !== state.lang || next.sbi !== state.sbi;
  state = next;
  if (push) {
    history.pushState(null, "", writeState(state));
  }

  if (reload) {
    // Names come in the page's language, and sector codes per SBI view.
    catalogue = await loadCatalogue(api(), state.sbi);
    state = complete(state, catalogue);
    history.replaceState(null, "", writeState(state));
  }

  await refresh(formToo || reload);
}

function wire(): void {
  if (wired) return;
  wired = true;
  const form = page.form();
  form.addEventListener("change", (event) => {
    const target = event.target as HTMLElement;
    let next = readForm(form, state);
    if (target.id === "instrument") {
      next = { ...next, dimension: null, role: total };
    }

    if (target.id === "from" && next.from && next.to && granularityOf(next.from) !== granularityOf(next.to)) {
      // A year chosen as the start of a range of quarters (or the other way round): the range follows it.
      const same = periodsOf(catalogue!, granularityOf(next.from)).filter((p) => !p.provisional);
      next = { ...next, to: same[same.length - 1]?.period ?? next.from };
    }

    next = complete(next, catalogue!);
    const structural = ["instrument", "group", "from", "to", "sbi"].includes(target.id);
    const focus = target.id;
    void go(next, true, structural).then(() => (document.getElementById(focus) as HTMLElement | null)?.focus());
  });
  form.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    if (target.id === "show-all" || target.id === "show-none") {
      const all = target.id === "show-all";
      form.querySelectorAll<HTMLInputElement>('input[name="show"]').forEach((box) => (box.checked = all));
      void go(readForm(form, state), true, false).then(() => document.getElementById(target.id)?.focus());
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  page.views().addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-view]");
    if (button) {
      const view = button.dataset.view as View;
      void go(complete({ ...state, view }, catalogue!), true, true).then(() => page.views().querySelector<HTMLButtonElement>(`button[data-view="${view}"]`)?.focus());
    }
  });
  document.getElementById("language")!.addEventListener("click", (event) => {
    event.preventDefault();
    void go({ ...state, lang: state.lang === "nl" ? "en" : "nl" }, true, true).then(() => document.getElementById("language")?.focus());
  });
  window.addEventListener("popstate", () => {
    const next = readState(location.search);
    void go(catalogue ? complete(next, catalogue) : next, false, true);
  });
  keepDetailsOpen();
}

/** Keeps the "which groups" section open across redraws once the user opened it. */
function keepDetailsOpen(): void {
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target as HTMLDetailsElement;
      if (details.classList?.contains("show")) sessionStorage.setItem("leercultuur.dashboard.show-open", details.open ? "1" : "");
    },
    true,
  );
  new MutationObserver(() => {
    const details = page.form().querySelector<HTMLDetailsElement>("details.show");
    if (details && sessionStorage.getItem("leercultuur.dashboard.show-open") === "1" && !details.open) details.open = true;
  }).observe(page.form(), { childList: true });
}

/** Loads what there is to choose from and draws the view of the address. */
async function load(): Promise<void> {
  try {
    catalogue = await loadCatalogue(api(), state.sbi);
  } catch (error) {
    applyLanguage();
    page.result().innerHTML = `<div class="notice error" role="alert">${escapeHtml(words().failed)}: ${escapeHtml(error instanceof Error ? error.message : String(error))}</div>`;
    return;
  }

  state = complete(state, catalogue);
  await loadProgrammes();
  state = complete(readState(location.search), catalogue);
  history.replaceState(null, "", writeState(state));
  wire();
  await refresh(true);
}

async function start(): Promise<void> {
  config = (await (await fetch("config.json", { credentials: "omit" })).json()) as DashboardConfig;
  state = readState(location.search);
  let signInProblem = "";
  try {
    if ((await finishOidc(config)) !== null) {
      state = readState(location.search);
    }
  } catch (error) {
    state = readState(location.search);
    signInProblem = `${dictionaries[state.lang].signInFailed}: ${error instanceof Error ? error.message : String(error)}`;
  }

  applyLanguage();
  await load();
  if (signInProblem) renderAccount(signInProblem);
}

void start();
