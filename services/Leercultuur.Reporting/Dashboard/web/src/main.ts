// The monitor dashboard: reads the state from the address, loads what there is to choose from, and draws
// the chosen view. Everything comes from the public APIs the host names in config.json.

import { Api, ApiError, CodedValue, DashboardConfig } from "./api";
import { currentToken, finishOidc, keepToken, readClaims, signOut, startOidc } from "./auth";
import { Catalogue, dimensionsOf, granularityOf, loadCatalogue, periodsOf, rolesOf } from "./catalogue";
import { escapeHtml } from "./charts";
import { codesOf, FormContext, formHtml, readForm, viewsHtml } from "./controls";
import { dictionaries, Numbers, Words } from "./i18n";
import { effectiveGroup, readState, State, total, View, writeState } from "./state";
import { renderView } from "./views";

const page = {
  form: () => document.getElementById("query") as HTMLFormElement,
  views: () => document.getElementById("views") as HTMLElement,
  result: () => document.getElementById("result") as HTMLElement,
  account: () => document.getElementById("account") as HTMLElement,
  dialog: () => document.getElementById("token-dialog") as HTMLDialogElement,
};

let config: DashboardConfig;
let state: State;
let catalogue: Catalogue | null = null;
let programmes: CodedValue[] = [];
let renderCount = 0;

const words = (): Words => dictionaries[state.lang];

const api = () => new Api(config, currentToken, () => state.lang);

function claims() {
  const token = currentToken();
  return token ? readClaims(token, config.signIn.roleClaim, config.signIn.programmeClaim) : null;
}

/** Fills what the address left open with what a first visit should see: the latest four released quarters. */
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

  if (next.group === "programme" && !claims()) {
    next.group = "sector";
    next.show = null;
  }

  return next;
}

function formContext(): FormContext {
  return { catalogue: catalogue!, state, words: words(), programmes, signedIn: claims() !== null };
}

function applyLanguage(): void {
  const w = words();
  document.documentElement.lang = state.lang;
  document.title = w.title;
  document.getElementById("title")!.textContent = w.title;
  document.getElementById("subtitle")!.textContent = w.subtitle;
  document.getElementById("skip-link")!.textContent = w.skip;
  document.getElementById("source")!.textContent = w.dataSource;
  const language = document.getElementById("language") as HTMLAnchorElement;
  language.textContent = w.otherLanguage;
  language.lang = w.otherLanguageCode;
  language.hreflang = w.otherLanguageCode;
  language.href = writeState({ ...state, lang: w.otherLanguageCode as State["lang"] });
  page.views().setAttribute("aria-label", w.views);
  renderAccount();
}

function renderAccount(): void {
  const w = words();
  const account = page.account();
  const who = claims();
  if (config.signIn.mode === "none") {
    account.innerHTML = "";
    return;
  }

  if (who) {
    const name = who.programme ? programmes.find((p) => p.code === who.programme)?.label ?? who.programme : who.roles.join(", ");
    account.innerHTML = `<span id="signed-in">${escapeHtml(w.signedInAs)} <strong>${escapeHtml(name)}</strong></span> <button type="button" id="sign-out">${escapeHtml(w.signOut)}</button>`;
    account.querySelector("#sign-out")!.addEventListener("click", () => {
      signOut();
      programmes = [];
      go(complete(state, catalogue!), true);
      requestAnimationFrame(() => document.getElementById("sign-in")?.focus());
    });
  } else {
    account.innerHTML = `<button type="button" id="sign-in">${escapeHtml(w.signIn)}</button>`;
    account.querySelector("#sign-in")!.addEventListener("click", () => void beginSignIn());
  }
}

async function beginSignIn(): Promise<void> {
  if (config.signIn.mode === "oidc") {
    await startOidc(config);
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
    if (!(await accepted(token))) {
      dialog.querySelector("#token-error")!.textContent = w.tokenInvalid;
      return;
    }

    keepToken(token);
    dialog.close();
    await loadProgrammes();
    await refresh(true);
    document.getElementById("sign-out")?.focus();
  });
  dialog.showModal();
  (dialog.querySelector("#token") as HTMLTextAreaElement).focus();
}

/** Whether the APIs take a token: it reads programme rows with it (a 401 or 403 says no). */
async function accepted(token: string): Promise<boolean> {
  if (!readClaims(token, config.signIn.roleClaim, config.signIn.programmeClaim) || !state.instrument) {
    return false;
  }

  const probe = new Api(config, () => token, () => state.lang);
  const query = new URLSearchParams({ instrument: state.instrument, groupBy: "programme", startPeriod: state.to ?? "", endPeriod: state.to ?? "" });
  if (state.dimension) query.set("dimension", state.dimension);
  try {
    await probe.observations(query);
    return true;
  } catch (error) {
    return !(error instanceof ApiError && (error.status === 401 || error.status === 403));
  }
}

/** The programmes a signed-in caller may read: a programme its own; an analyst those with figures. */
async function loadProgrammes(): Promise<void> {
  const who = claims();
  if (!who || !state.instrument || !state.to) {
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
}

function renderForm(): void {
  const form = page.form();
  form.innerHTML = formHtml(formContext());
  page.views().innerHTML = viewsHtml(state.view, words());
}

async function refresh(formToo: boolean): Promise<void> {
  if (formToo) {
    applyLanguage();
    renderForm();
  }

  const w = words();
  const programmeNames = new Map(programmes.map((p) => [p.code, p.label]));
  const group = effectiveGroup(state);
  const order = codesOf(formContext(), group).map((c) => c.code);
  const mine = ++renderCount;
  await renderView(page.result(), {
    api: api(),
    catalogue: catalogue!,
    state,
    words: w,
    numbers: new Numbers(state.lang),
    labels: { language: state.lang, sbi: catalogue!.sbi, national: w.national, programmeNames },
    order,
  });
  if (mine === renderCount) {
    page.result().dataset.rendered = writeState(state);
  }
}

function go(next: State, push: boolean): void {
  const languageChanged = next.lang !== state.lang;
  const sbiChanged = next.sbi !== state.sbi;
  state = next;
  if (push) {
    history.pushState(null, "", writeState(state));
  }

  if (sbiChanged) {
    void (async () => {
      catalogue = await loadCatalogue(api(), state.sbi);
      state = complete(state, catalogue);
      await refresh(true);
    })();
    return;
  }

  void refresh(true).then(() => {
    if (languageChanged) document.getElementById("language")?.focus();
  });
}

function wire(): void {
  const form = page.form();
  form.addEventListener("change", (event) => {
    const target = event.target as HTMLElement;
    let next = readForm(form, state);
    if (target.id === "instrument") {
      next = complete({ ...next, dimension: null, role: total }, catalogue!);
    }

    if (target.id === "from" || target.id === "to") {
      next = complete(next, catalogue!);
    }

    const focus = target.id;
    go(next, true);
    // The form is drawn again: the control just used keeps the focus.
    requestAnimationFrame(() => (document.getElementById(focus) as HTMLElement | null)?.focus());
  });
  form.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    if (target.id === "show-all" || target.id === "show-none") {
      const all = target.id === "show-all";
      form.querySelectorAll<HTMLInputElement>('input[name="show"]').forEach((box) => (box.checked = all));
      go(readForm(form, state), true);
      requestAnimationFrame(() => {
        page.form().querySelector("details")?.setAttribute("open", "");
        document.getElementById(target.id)?.focus();
      });
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  page.views().addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-view]");
    if (button) {
      const view = button.dataset.view as View;
      go(complete({ ...state, view }, catalogue!), true);
      requestAnimationFrame(() => page.views().querySelector<HTMLButtonElement>(`button[data-view="${view}"]`)?.focus());
    }
  });
  document.getElementById("language")!.addEventListener("click", (event) => {
    event.preventDefault();
    go({ ...state, lang: state.lang === "nl" ? "en" : "nl" }, true);
  });
  window.addEventListener("popstate", () => {
    const next = readState(location.search);
    go(catalogue ? complete(next, catalogue) : next, false);
  });
}

/** Keeps a "show" section open across redraws when the user opened it. */
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

async function start(): Promise<void> {
  config = (await (await fetch("config.json", { credentials: "omit" })).json()) as DashboardConfig;
  state = readState(location.search);
  try {
    const returnTo = await finishOidc(config);
    if (returnTo !== null) {
      history.replaceState(null, "", returnTo || "?");
      state = readState(location.search);
    }
  } catch (error) {
    page.result().innerHTML = `<div class="notice error" role="alert">${escapeHtml(error instanceof Error ? error.message : String(error))}</div>`;
  }

  applyLanguage();
  try {
    catalogue = await loadCatalogue(api(), state.sbi);
  } catch (error) {
    page.result().innerHTML = `<div class="notice error" role="alert">${escapeHtml(words().failed)}: ${escapeHtml(error instanceof Error ? error.message : String(error))}</div>`;
    return;
  }

  state = complete(state, catalogue);
  await loadProgrammes();
  history.replaceState(null, "", writeState(state));
  wire();
  keepDetailsOpen();
  await refresh(true);
}

void start();
