// Finds, on a running hub, one URL for every page template the suites check,
// from the hub's own API and pages rather than hard-coded slugs, so the suites
// keep working when the seed content changes.
import { spawnSync } from 'node:child_process';
import { getJSON, adminToken, hubBinary } from './server.mjs';
import { e2eAdmin, signedInHeaders } from './account.mjs';

// A query no material matches, even with typo tolerance and prefixes.
export const noResultsQuery = 'qzxjvkwq';

// The template names, in the order the suites report them. Later issues add
// their pages here so axe and vnu cover them too.
export const templateNames = ['home', 'zoeken-met-resultaten', 'zoeken-zonder-resultaten', 'zoeken-met-filtervoorstel', 'zoeken-met-spellingvoorstel', 'zoeken-verbreden', 'materiaal', 'hubs', 'hub', '404', 'beheer-zoekvragen', 'doelen', 'doelen-set', 'doel', 'doel-zonder-materiaal', 'aanmelden', 'registreren', 'bevestigen', 'wachtwoord-vergeten', 'wachtwoord-nieuw', 'afmelden', 'mijn-account', 'wachtwoord-wijzigen', 'beheer-gebruikers', 'beheer-gebruiker', 'stem-kader', 'stem-kader-dimensie', 'materiaal-vragen', 'materiaal-bedankt', 'beheer-materiaalvragen', 'beheer-hubs', 'beheer-hub', 'beheer-hub-nieuw', 'editor-nieuw', 'editor-bewerken', 'concept'];

// adminHeaders opens the admin pages (HUB_ADMIN_TOKEN of the hub under test).
export const adminHeaders = { Authorization: `Bearer ${adminToken}` };

async function fetchText(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

// listMaterials returns every material (slug, title, hub, facets) the API lists.
export async function listMaterials(hub) {
  const all = [];
  for (let page = 1; page <= 20; page++) {
    const res = await getJSON(hub.url(`/api/v1/materials?per_page=100&page=${page}`));
    all.push(...(res.hits ?? []));
    if (!res.hits?.length || all.length >= res.total) break;
  }
  return all;
}

// richMaterial finds a material whose page shows a formula (MathML), a table
// and an image: the page that proves the Markdown pipeline renders for real.
export async function richMaterial(hub) {
  const hits = await listMaterials(hub);
  if (!hits.length) throw new Error('the API lists no materials: was the seed content imported?');
  // The seed's windmill project has all three; try it first to save requests.
  hits.sort((a, b) => (b.slug === 'windmolen-ontwerpen') - (a.slug === 'windmolen-ontwerpen'));
  for (const hit of hits) {
    const { status, text } = await fetchText(hub.url(`/materialen/${encodeURIComponent(hit.slug)}`));
    if (status !== 200) continue;
    if (/<math[\s>]/.test(text) && /<table[\s>]/.test(text) && /<img[\s>]/.test(text)) return hit;
  }
  throw new Error(`none of the ${hits.length} materials has a page with <math>, <table> and <img>`);
}

// templatePages returns { name: {path, status} } for every template.
export async function templatePages(hub) {
  const rich = await richMaterial(hub);
  const word = searchWordFor(rich);
  let hubSlug = rich.hub;
  if (!hubSlug) {
    const { text } = await fetchText(hub.url('/hubs'));
    hubSlug = text.match(/href="\/hubs\/([a-z0-9-]+)"/)?.[1];
  }
  if (!hubSlug) throw new Error('found no regional hub to visit');
  const goal = await goalPaths(hub);
  const signedIn = await signedInHeaders(hub);
  const admin = await signedInHeaders(hub, e2eAdmin);
  const user = await firstUserPath(hub, admin);
  const draft = await draftPath(hub, signedIn);
  return {
    home: { path: '/', status: 200 },
    // Mijn materialen (mine.go): the trainer's list (the draft below) and a new teacher's empty state;
    // the admins' quality overview with one rule's list (quality.go); the draft's address form (rename.go).
    'mijn-materialen': { path: '/mijn-materialen', status: 200, headers: signedIn },
    'mijn-materialen-leeg': { path: '/mijn-materialen', status: 200, headers: await signedInHeaders(hub, { email: 'leeg@e2e.test', name: 'Lien Leeg' }) },
    'beheer-kwaliteit': { path: '/beheer/kwaliteit?regel=geen-inclusie', status: 200, headers: admin },
    'materiaal-adres': { path: `${draft}/adres`, status: 200, headers: signedIn },
    // The merge form of a published material (duplicates.go), as the beheerder: its likely duplicates above the form.
    'materiaal-samenvoegen': { path: `/materialen/${encodeURIComponent(rich.slug)}/samenvoegen`, status: 200, headers: admin },
    'zoeken-met-resultaten': { path: `/zoeken?q=${encodeURIComponent(word)}`, status: 200 },
    'zoeken-zonder-resultaten': { path: `/zoeken?q=${noResultsQuery}`, status: 200 },
    materiaal: { path: `/materialen/${encodeURIComponent(rich.slug)}`, status: 200, slug: rich.slug },
    // The review workflow's steps (workflow.go) as a beheerder sees them on a published material.
    'materiaal-werkstroom': { path: `/materialen/${encodeURIComponent(rich.slug)}`, status: 200, headers: admin },
    hubs: { path: '/hubs', status: 200 },
    hub: { path: `/hubs/${encodeURIComponent(hubSlug)}`, status: 200 },
    404: { path: '/materialen/deze-pagina-bestaat-niet', status: 404 },
    // "bso" names a finality: the page offers it as a filter (a chip).
    'zoeken-met-filtervoorstel': { path: '/zoeken?q=bso', status: 200 },
    // A typo of a title word: "Resultaten voor … Bedoelde je …?".
    'zoeken-met-spellingvoorstel': { path: `/zoeken?q=${encodeURIComponent(typoOf(word))}`, status: 200 },
    // Thin results: the word in a hub that lacks it offers "Meer resultaten vinden".
    'zoeken-verbreden': { path: await widenPath(hub, word), status: 200 },
    'beheer-zoekvragen': { path: '/beheer/zoekvragen-zonder-resultaat', status: 200, headers: adminHeaders },
    // The STEM-kader overview and a dimension with materials (cards, pagination).
    'stem-kader': { path: '/stem-kader', status: 200 },
    'stem-kader-dimensie': { path: '/stem-kader/2', status: 200 },
    // A material from a zip (issue 8 §3), as the trainer: the upload form.
    'materiaal-importeren': { path: '/materialen/importeren', status: 200, headers: signedIn },
    // "Mis je iets?": the request form on its own page, and the thank-you page.
    'materiaal-vragen': { path: `/materiaal-gevraagd?q=${noResultsQuery}&levels=lager`, status: 200 },
    'materiaal-bedankt': { path: `/materiaal-gevraagd/bedankt?zoekopdracht=${encodeURIComponent(`q=${noResultsQuery}`)}`, status: 200 },
    'beheer-materiaalvragen': { path: '/beheer/materiaalvragen', status: 200, headers: adminHeaders },
    // Goals as a way in (issue 11): the browser, a set, a goal with materials and one without.
    doelen: { path: '/doelen', status: 200 },
    'doelen-set': { path: goal.set, status: 200 },
    doel: { path: goal.withMaterial, status: 200 },
    'doel-zonder-materiaal': { path: goal.without, status: 200 },
    // Accounts (issue 8): the forms, the pages a mail's link opens, and two signed in.
    aanmelden: { path: '/aanmelden', status: 200 },
    registreren: { path: '/registreren', status: 200 },
    bevestigen: { path: '/bevestigen?token=voorbeeldtoken', status: 200 },
    'wachtwoord-vergeten': { path: '/wachtwoord-vergeten', status: 200 },
    'wachtwoord-nieuw': { path: '/wachtwoord-vergeten?token=voorbeeldtoken', status: 200 },
    afmelden: { path: '/afmelden', status: 200, headers: signedIn },
    'mijn-account': { path: '/mijn-account', status: 200, headers: signedIn },
    'wachtwoord-wijzigen': { path: '/wachtwoord-wijzigen', status: 200, headers: signedIn },
    // The user admin page (issue 8): a search with results, and one account with its forms.
    'beheer-gebruikers': { path: '/beheer/gebruikers?q=e2e.test', status: 200, headers: admin },
    'beheer-gebruiker': { path: user, status: 200, headers: admin },
    // The hub admin (issue 8): the list with counts, one hub's form, the form for a new one.
    'beheer-hubs': { path: '/beheer/hubs', status: 200, headers: admin },
    'beheer-hub': { path: `/beheer/hubs/${encodeURIComponent(hubSlug)}`, status: 200, headers: admin },
    'beheer-hub-nieuw': { path: '/beheer/hubs/nieuw', status: 200, headers: admin },
    // Notifications and the audit log (notifications.go, audit.go): Limburg's moderator after a submission there, the beheerder's whole log.
    ...await auditPages(hub, signedIn, admin),
    // The review queue, form and checklist (review.go), as Limburg's moderator after a submission.
    ...await reviewPages(hub, signedIn),
    ...await pendingPages(hub, admin),
    // Problem reports (reports.go): the form, its thank-you page, a hub's list as the beheerder.
    ...await reportPages(hub, admin, rich.slug, hubSlug),
    // The editor (issue 8 §3), as the trainer: a new material, a draft's form and the draft's own page.
    'editor-nieuw': { path: '/materialen/nieuw', status: 200, headers: signedIn },
    'editor-bewerken': { path: `${draft}/bewerken`, status: 200, headers: signedIn },
    concept: { path: draft, status: 200, headers: signedIn },
    // Curation (curation.go): picks, collections, a share link.
    ...(await curationPages(hub, admin, signedIn, hubSlug, rich.slug, word)),
    // The editor with a file uploaded (upload.go): the list with its remove buttons.
    'editor-bestanden': { path: await uploadedPath(hub, signedIn, draft), status: 200, headers: signedIn },
    // Revisions (revisions.go): the draft's versions and a comparison of two.
    versies: { path: `${draft}/versies`, status: 200, headers: signedIn },
    'versie-vergelijk': { path: await comparePath(hub, signedIn, draft), status: 200, headers: signedIn },
  };
}

// searchWordFor picks a word a teacher would type to find this material: its
// longest title word (at least five letters).
export function searchWordFor(material) {
  const words = (material.title ?? '').toLowerCase().match(/[\p{L}]{5,}/gu) ?? [];
  words.sort((a, b) => b.length - a.length);
  return words[0] ?? material.slug.split('-')[0];
}

// The zip import's form (internal/web/zipimport.go), signed in.
templateNames.push('materiaal-importeren');
// A published material with the review workflow's buttons (workflow.go), as a beheerder.
templateNames.push('materiaal-werkstroom');

// goalPaths finds, through the goal browser, a set whose page lists a goal
// with materials and one without ("nog geen materiaal").
async function goalPaths(hub) {
  const { text } = await fetchText(hub.url('/doelen'));
  const sets = [...new Set([...text.matchAll(/href="(\/doelen\/[a-z0-9-]+)"/g)].map((m) => m[1]))];
  for (const set of sets) {
    const page = (await fetchText(hub.url(set))).text;
    let withMaterial, without;
    for (const m of page.matchAll(/<li><a href="(\/doelen\/[^"]+)"><strong>[^<]*<\/strong><\/a>[^<]*<span class="count">\(([^)]*)\)<\/span><\/li>/g)) {
      if (m[2] === 'nog geen materiaal') without ??= m[1];
      else withMaterial ??= m[1];
    }
    if (withMaterial && without) return { set, withMaterial, without };
  }
  throw new Error(`none of the ${sets.length} goal sets on /doelen lists a goal with and one without materials`);
}

// typoOf misspells a word by swapping two letters in its middle (one edit,
// which the hub corrects back: "windomlen" → "windmolen").
export function typoOf(word) {
  const i = Math.floor(word.length / 2);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

// widenPath finds a search for word, filtered on one regional hub, for which
// the hub offers moves to more results (the API's "widen").
async function widenPath(hub, word) {
  const all = await getJSON(hub.url('/api/v1/materials?per_page=1&facets=hub'));
  for (const h of Object.keys(all.facets?.hub ?? {})) {
    const qs = `q=${encodeURIComponent(word)}&hub=${encodeURIComponent(h)}`;
    const res = await getJSON(hub.url(`/api/v1/materials?${qs}&per_page=1&facets=none`));
    if (res.widen?.length) return `/zoeken?${qs}`;
  }
  throw new Error(`no hub filter makes “${word}” thin enough to offer moves to more results`);
}

// firstUserPath is the page of the first account the admin search finds.
async function firstUserPath(hub, headers) {
  const res = await fetch(hub.url('/beheer/gebruikers?q=e2e.test'), { headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  const m = text.match(/href="(\/beheer\/gebruikers\/\d+)"/);
  if (!m) throw new Error('the user admin page lists no e2e account');
  return m[1];
}

// draftPath saves a draft with the editor's form as the signed-in trainer
// (a second suite on the same hub finds it there already) and returns its page.
async function draftPath(hub, headers) {
  const path = '/materialen/e2e-concept';
  const form = new URLSearchParams({
    title: 'Concept voor de controles', slug: 'e2e-concept', summary: 'Een concept met een formule en een tabel.',
    levels: 'secundair', disciplines: 'wiskunde', license: 'CC-BY-4.0', hub: 'limburg', language: 'nl', version: '0', actie: 'bewaren',
    body: '# Vermogen\n\nHet vermogen is $P = U \\cdot I$.\n\n| U (V) | I (A) |\n|---|---|\n| 2 | 0,5 |\n',
  });
  const res = await fetch(hub.url('/materialen/nieuw'), {
    method: 'POST', redirect: 'manual', body: form, signal: AbortSignal.timeout(15_000),
    headers: { ...headers, Origin: hub.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const check = await fetch(hub.url(path), { headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  if (check.status !== 200) throw new Error(`the trainer's draft is not there: save ${res.status}, ${path} ${check.status}`);
  return path;
}

// Mijn materialen, the quality overview and the address form (mine.go, quality.go, rename.go).
templateNames.push('mijn-materialen', 'mijn-materialen-leeg', 'beheer-kwaliteit', 'materiaal-adres');
// The merge form (duplicates.go).
templateNames.push('materiaal-samenvoegen');

// comparePath saves the draft once more with the editor's form (a new
// version with a changed title and text) and returns the list's link that
// compares the first version with the current one.
async function comparePath(hub, headers, draft) {
  const editor = await (await fetch(hub.url(`${draft}/bewerken`), { headers, signal: AbortSignal.timeout(15_000) })).text();
  const version = editor.match(/name="version" value="(\d+)"/)?.[1];
  const form = new URLSearchParams({
    title: 'Concept voor de controles, herwerkt', slug: 'e2e-concept', summary: 'Een concept met een formule en een tabel.',
    levels: 'secundair', disciplines: 'wiskunde', license: 'CC-BY-4.0', hub: 'limburg', language: 'nl', version, actie: 'bewaren', note: 'tekst herwerkt',
    body: '# Vermogen\n\nHet elektrisch vermogen is $P = U \\cdot I$.\n\n| U (V) | I (A) |\n|---|---|\n| 2 | 0,5 |\n\nMeet het bij drie spanningen.\n',
  });
  await fetch(hub.url(`${draft}/bewerken`), {
    method: 'POST', redirect: 'manual', body: form, signal: AbortSignal.timeout(15_000),
    headers: { ...headers, Origin: hub.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const list = await (await fetch(hub.url(`${draft}/versies`), { headers, signal: AbortSignal.timeout(15_000) })).text();
  const link = list.match(/href="([^"]*\/versies\/vergelijk\?van=1&amp;tot=\d+)"/)?.[1];
  if (!link) throw new Error(`the draft has no second version to compare (editor version ${version})`);
  return link.replaceAll('&amp;', '&');
}
templateNames.push('versies', 'versie-vergelijk');

// uploadedPath adds a small PNG to the draft through the editor's upload
// route (multipart, as the form posts it) and returns the editor's address,
// which then lists the file.
async function uploadedPath(hub, headers, draft) {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNoaGBoaAAABgYCASzBUNcAAAAASUVORK5CYII=', 'base64');
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'schema.png');
  const res = await fetch(hub.url(`${draft}/bestanden`), {
    method: 'POST', redirect: 'manual', body: form, signal: AbortSignal.timeout(15_000),
    headers: { ...headers, Origin: hub.baseURL },
  });
  if (res.status !== 303) throw new Error(`uploading to the draft: ${res.status} ${await res.text()}`);
  return `${draft}/bewerken`;
}
templateNames.push('editor-bestanden');

// auditPages: the trainer submits a material in Limburg (a draft of its own,
// so the other pages' draft stays a concept); Limburg's moderator (made and
// granted with the CLI, as an operator does) then has the queue line on
// /meldingen and reads Limburg's audit log; the beheerder reads all of it.
async function auditPages(hub, trainer, admin) {
  const slug = 'e2e-melding';
  const form = new URLSearchParams({
    title: 'Materiaal dat op review wacht', slug, summary: 'Een ingediend materiaal voor de meldingen en het auditlog.',
    levels: 'secundair', disciplines: 'wiskunde', license: 'CC-BY-4.0', hub: 'limburg', language: 'nl', version: '0', actie: 'bewaren',
    body: '# Meten\n\nMeet de spanning.\n',
  });
  const post = (path, body) => fetch(hub.url(path), {
    method: 'POST', redirect: 'manual', body, signal: AbortSignal.timeout(15_000),
    headers: { ...trainer, Origin: hub.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const who = { email: 'moderator@e2e.test', name: 'Mo Moderator' };
  await signedInHeaders(hub, who); // makes the account
  const r = spawnSync(hubBinary(), ['user', 'grant', '--email', who.email, '--role', 'moderator', '--hub', 'limburg'],
    { env: { ...process.env, HUB_DATA_DIR: hub.dataDir }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`hub user grant: ${r.stderr}`);
  // The moderator exists before the submission: it is told then.
  const moderator = await signedInHeaders(hub, who); // the grant ended the first session
  await post('/materialen/nieuw', form);
  const submitted = await post(`/materialen/${slug}/indienen`, new URLSearchParams());
  if (![303, 409].includes(submitted.status)) throw new Error(`submitting ${slug}: ${submitted.status}`);
  return {
    meldingen: { path: '/meldingen', status: 200, headers: moderator },
    auditlog: { path: '/hubs/limburg/audit', status: 200, headers: moderator },
    'auditlog-alle-hubs': { path: '/beheer/audit', status: 200, headers: admin },
  };
}
templateNames.push('meldingen', 'auditlog', 'auditlog-alle-hubs');

// reviewPages: the trainer submits a material in Limburg with inclusion
// tags; Limburg's review moderator (granted with the CLI) claims it, so the
// queue shows the claim; then the review form with its checklist and the
// hub's checklist page (review.go).
async function reviewPages(hub, trainer) {
  const slug = 'e2e-review';
  const form = new URLSearchParams({
    title: 'Zonne-oven voor de review', slug, summary: 'Een ingediend materiaal voor de reviewwachtrij en het reviewformulier.',
    levels: 'secundair', disciplines: 'wetenschappen', license: 'CC-BY-4.0', hub: 'limburg', language: 'nl', version: '0', actie: 'bewaren',
    goals: 'SO_1STE_GRAAD_V2_1:06.43', body: '# Zonne-oven\n\nBouw een zonne-oven en meet de temperatuur.\n',
  });
  form.append('inclusion', 'gender');
  form.append('inclusion', 'ses');
  const post = (headers, path, body) => fetch(hub.url(path), {
    method: 'POST', redirect: 'manual', body, signal: AbortSignal.timeout(15_000),
    headers: { ...headers, Origin: hub.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const who = { email: 'reviewer@e2e.test', name: 'Rik Reviewer' };
  await signedInHeaders(hub, who);
  const r = spawnSync(hubBinary(), ['user', 'grant', '--email', who.email, '--role', 'moderator', '--hub', 'limburg'],
    { env: { ...process.env, HUB_DATA_DIR: hub.dataDir }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`hub user grant: ${r.stderr}`);
  const moderator = await signedInHeaders(hub, who); // the grant ended the first session
  await post(trainer, '/materialen/nieuw', form);
  const submitted = await post(trainer, `/materialen/${slug}/indienen`, new URLSearchParams());
  if (![303, 409].includes(submitted.status)) throw new Error(`submitting ${slug}: ${submitted.status}`);
  const claimed = await post(moderator, `/hubs/limburg/review/${slug}/claim`, new URLSearchParams({ action: 'claimen' }));
  if (claimed.status !== 303) throw new Error(`claiming ${slug}: ${claimed.status}`);
  return {
    'review-wachtrij': { path: '/hubs/limburg/review', status: 200, headers: moderator },
    'review-formulier': { path: `/hubs/limburg/review/${slug}`, status: 200, headers: moderator },
    'review-checklist': { path: '/hubs/limburg/checklist', status: 200, headers: moderator },
  };
}
templateNames.push('review-wachtrij', 'review-formulier', 'review-checklist');

// pendingPages (editor.go): a beheerder writes a material in Limburg, takes
// it through review to publication (a beheerder may), then edits it again:
// the new version waits for review while the published one stays. The live
// page with its banner and the new version's own page, as the beheerder.
async function pendingPages(hub, admin) {
  const slug = 'e2e-nieuwe-versie';
  const post = (path, body) => fetch(hub.url(path), {
    method: 'POST', redirect: 'manual', body, signal: AbortSignal.timeout(15_000),
    headers: { ...admin, Origin: hub.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const fields = (summary, version) => new URLSearchParams({
    title: 'Windturbine met een nieuwe versie', slug, summary, levels: 'secundair', disciplines: 'technologie',
    license: 'CC-BY-4.0', hub: 'limburg', language: 'nl', version: String(version), actie: 'bewaren',
    body: '# Windturbine\n\nBouw een windturbine en meet de spanning.\n',
  });
  const live = await fetch(hub.url(`/materialen/${slug}`), { signal: AbortSignal.timeout(15_000) });
  if (live.status !== 200) { // a second suite on the same hub finds it there already
    await post('/materialen/nieuw', fields('De eerste, gepubliceerde versie.', 0));
    for (const action of ['indienen', 'goedkeuren', 'publiceren']) {
      const res = await post(`/materialen/${slug}/werkstroom`, new URLSearchParams({ action }));
      if (res.status !== 303) throw new Error(`${action} ${slug}: ${res.status}`);
    }
  }
  const editor = await (await fetch(hub.url(`/materialen/${slug}/bewerken`), { headers: admin, signal: AbortSignal.timeout(15_000) })).text();
  const version = editor.match(/name="version" value="(\d+)"/)?.[1];
  const saved = await post(`/materialen/${slug}/bewerken`, fields('Een tweede versie, die op review wacht.', version));
  if (![303, 409].includes(saved.status)) throw new Error(`editing ${slug}: ${saved.status}`);
  return {
    'materiaal-met-nieuwe-versie': { path: `/materialen/${slug}`, status: 200, headers: admin },
    'materiaal-nieuwe-versie': { path: `/materialen/${slug}/nieuwe-versie`, status: 200, headers: admin },
  };
}
templateNames.push('materiaal-met-nieuwe-versie', 'materiaal-nieuwe-versie');

// reportPages (reports.go): a visitor reports a problem with the material
// through the JSON API (no account), so the hub's meldingen list it; the
// form, its thank-you page and the list as the beheerder.
async function reportPages(hub, admin, slug, hubSlug) {
  const res = await fetch(hub.url(`/api/v1/materials/${encodeURIComponent(slug)}/reports`), {
    method: 'POST', signal: AbortSignal.timeout(15_000), headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ reason: 'link-werkt-niet', comment: 'De link naar het werkblad geeft een foutpagina (gemeld door de e2e-tests).' }),
  });
  if (![201, 409].includes(res.status)) throw new Error(`reporting ${slug}: ${res.status} ${await res.text()}`);
  return {
    melden: { path: `/materialen/${encodeURIComponent(slug)}/melden`, status: 200 },
    'melden-bedankt': { path: `/materialen/${encodeURIComponent(slug)}/melden/bedankt`, status: 200 },
    'hub-meldingen': { path: `/hubs/${encodeURIComponent(hubSlug)}/meldingen`, status: 200, headers: admin },
  };
}
templateNames.push('melden', 'melden-bedankt', 'hub-meldingen');

// Curation (curation.go): a hub's picks with a search to add from, a public
// collection, a private one's form with its share link, the link itself
// (signed out), a new collection and Mijn collecties. The admin features
// the material in its hub and in the central hub (so the hub page and the
// home page show picks) and makes the public collection; the trainer the
// private one.
templateNames.push('uitgelicht', 'collectie', 'collectie-gedeeld', 'collectie-bewerken', 'collectie-nieuw', 'mijn-collecties');

async function postForm(hub, headers, path, fields) {
  return fetch(hub.url(path), {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields), signal: AbortSignal.timeout(15_000),
    headers: { ...headers, Origin: hub.baseURL, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

async function curationPages(hub, admin, trainer, hubSlug, slug, word) {
  for (const h of [hubSlug, 'vlaanderen']) {
    await postForm(hub, admin, `/hubs/${encodeURIComponent(h)}/uitgelicht`, { actie: 'toevoegen', material: slug, note: 'Een goed begin.' });
  }
  const made = async (headers, fields) => {
    const res = await postForm(hub, headers, '/collecties/nieuw', fields);
    const to = res.headers.get('location') ?? '';
    if (res.status !== 303 || !to.startsWith('/collecties/')) throw new Error(`making a collection: ${res.status} ${await res.text()}`);
    const path = to.replace(/\/bewerken\?.*$/, '');
    await postForm(hub, headers, `${path}/bewerken`, { actie: 'toevoegen', material: slug });
    return path;
  };
  const pub = await made(admin, { title: 'Leerlijn voor de controles', intro: 'Een *leerlijn* in stappen.', hub: hubSlug });
  const own = await made(trainer, { title: 'Mijn reeks voor de controles', intro: 'Voor de klas.' });
  await postForm(hub, trainer, `${own}/bewerken`, { actie: 'delen' });
  const edit = await (await fetch(hub.url(`${own}/bewerken`), { headers: trainer, signal: AbortSignal.timeout(15_000) })).text();
  const share = edit.match(/value="[^"]*?(\/collecties\/deel\/[A-Za-z0-9_-]+)"/)?.[1];
  if (!share) throw new Error('the private collection has no share link');
  return {
    uitgelicht: { path: `/hubs/${encodeURIComponent(hubSlug)}/uitgelicht?zoek=${encodeURIComponent(word)}`, status: 200, headers: admin },
    collectie: { path: pub, status: 200 },
    'collectie-gedeeld': { path: share, status: 200 },
    'collectie-bewerken': { path: `${own}/bewerken`, status: 200, headers: trainer },
    'collectie-nieuw': { path: '/collecties/nieuw', status: 200, headers: admin },
    'mijn-collecties': { path: '/mijn-collecties', status: 200, headers: trainer },
  };
}
