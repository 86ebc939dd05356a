// A corpus of known attack strings and the content folder that carries them
// into the hub in every field a page shows. Each payload that runs sets
// window.__xss to its id (the suite traps that setter) and most also open a
// dialog, so any execution is seen however the payload got in.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// run returns script that marks execution with the payload's id.
const run = (id) => `window.__xss='${id}';alert('${id}')`;

export const payloads = [
  { id: 'script-tag', p: `<script>${run('script-tag')}</script>` },
  { id: 'img-onerror', p: `<img src=x onerror="${run('img-onerror')}">` },
  { id: 'svg-onload', p: `<svg onload="${run('svg-onload')}"></svg><svg/onload=window.__xss='svg2'>` },
  { id: 'attr-dq', p: `"><script>${run('attr-dq')}</script>` },
  { id: 'attr-sq', p: `'><img src=x onerror=window.__xss='attr-sq'>` },
  { id: 'attr-unquoted', p: `x onmouseover=window.__xss='attr-unq' autofocus onfocus=window.__xss='attr-unq2' ` },
  { id: 'script-close', p: `</script><script>${run('script-close')}</script>` },
  { id: 'jsonld-breakout', p: `"}]}</script><script>${run('jsonld')}</script><script type="application/ld+json">{"a":"` },
  { id: 'title-close', p: `</title><script>${run('title-close')}</script>` },
  { id: 'textarea-close', p: `</textarea></noscript></style><img src=x onerror=window.__xss='textarea'>` },
  { id: 'template', p: '{{.}} {{printf "%s" "x"}} {{template "layout" .}} ${7*7} <%= 7*7 %> #{7*7}', literal: '{{.}}' },
  { id: 'js-link', p: `[klik hier](javascript:${run('js-link')})`, markdown: true },
  { id: 'js-link-case', p: `[klik](JaVaScRiPt:window.__xss='js-case') [x](  javascript:window.__xss='js-space') <javascript:window.__xss='js-auto'>`, markdown: true },
  { id: 'js-link-entity', p: `[klik](&#106;avascript:window.__xss='js-entity') [x](java&#x09;script:window.__xss='js-tab') [y](jav%0Aascript:window.__xss='js-nl')`, markdown: true },
  { id: 'data-vbscript', p: `[a](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9J2RhdGEnPC9zY3JpcHQ+) [b](vbscript:msgbox(1)) ![c](javascript:window.__xss='img-js')`, markdown: true },
  { id: 'md-raw-html', p: `<a href="javascript:window.__xss='raw-a'">raw</a> <iframe srcdoc="<script>parent.__xss='iframe'</script>"></iframe> <object data="javascript:window.__xss='obj'"></object>` },
  { id: 'details-toggle', p: `<details open ontoggle="${run('details')}"><summary>x</summary></details>` },
  { id: 'mxss-math', p: `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss-math'">` },
  { id: 'mxss-noscript', p: `<noscript><p title="</noscript><img src=x onerror=window.__xss='mxss-noscript'>">` },
  { id: 'formula', p: `$\\href{javascript:window.__xss='tex-href'}{x}$ $<img src=x onerror=window.__xss='tex-img'>$ $$</math><script>window.__xss='tex-close'</script>$$`, markdown: true },
  { id: 'md-attr', p: `![" onerror="window.__xss='alt'](x.png) [x](https://example.org "\\" onmouseover=\\"window.__xss='link-title'")`, markdown: true },
  { id: 'heading-id', p: `"><img src=x onerror=window.__xss='heading-id'>` },
  { id: 'style-url', p: `<style>*{background:url("javascript:window.__xss='css'")}</style><base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:window.__xss='meta'">` },
  { id: 'unicode-fullwidth', p: `＜script＞window.__xss='fullwidth'＜/script＞ ＜img src=x onerror=alert(1)＞` },
  // Line and paragraph separators are text (and break naive JS string
  // embedding); a bidi override is not text and is refused (see writeCorpus).
  { id: 'unicode-separators', p: `regel\u2028scheiding\u2029alinea';window.__xss='u2028';'` },
  { id: 'encoded', p: `%3Cscript%3Ewindow.__xss='pct'%3C/script%3E &lt;script&gt;window.__xss='entity'&lt;/script&gt; \\u003cscript\\u003ewindow.__xss='uesc'\\u003c/script\\u003e` },
  { id: 'comment-cdata', p: `<!--<script>--><script>window.__xss='comment'</script><![CDATA[<script>window.__xss='cdata'</script>]]>` },
  { id: 'nested-tag', p: `<scr<script>ipt>window.__xss='nested'</scr</script>ipt> <<img src=x onerror=window.__xss='nested2'>` },
];

// Short attack strings for fields the content format keeps to one short
// line (a subject is at most 80 characters): payloads longer than that are
// replaced there by one of these, in turn.
export const shortPayloads = [
  `<script>window.__xss='subj-script'</script>`,
  `"><img src=x onerror=window.__xss='subj-attr'>`,
  `</script><script>window.__xss='subj-close'</script>`,
  `'><svg/onload=window.__xss='subj-svg'>`,
  `javascript:window.__xss='subj-js'`,
  `{{.}} {{template "layout" .}}`,
];

// shortFor returns p when it fits a one-line field of 80 characters.
export function shortFor(p, i) {
  return p.length <= 80 && !/[\n\u2028\u2029]/.test(p) ? p : shortPayloads[i % shortPayloads.length];
}

// yamlString writes a string as a YAML double-quoted scalar. JSON's escapes
// are valid YAML; the line and paragraph separators are escaped too because
// some YAML parsers treat them as line breaks.
export function yamlString(s) {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// The word every attack material carries, so one search lists them all.
export const marker = 'xsstoets';

function material({ id, p, markdown }, i = 0) {
  const fm = [
    '---',
    `title: ${yamlString(`Xsstoets ${p}`)}`,
    `summary: ${yamlString(`Een xsstoets die nagaat of deze tekst veilig getoond wordt: ${p}`)}`,
    'type: project',
    'levels: [secundair]',
    'disciplines: [wiskunde, technologie]',
    `subjects: [${yamlString(shortFor(p, i))}]`,
    `keywords: [${marker}, ${yamlString(p)}]`,
    `authors: [${yamlString(p)}]`,
    'network: istem',
    'hub: antwerpen',
    'license: CC-BY-4.0',
    'language: nl',
    'date: 2024-01-01',
    '---',
    '',
  ];
  const body = [
    `# Xsstoets ${p}`,
    '',
    `Een gewone alinea met de aanval erin: ${p}`,
    '',
    `## ${p}`,
    '',
    `| kolom | ${p} |`,
    '|---|---|',
    `| ${p} | cel |`,
    '',
    `- lijstpunt ${p}`,
    '',
    `> citaat ${p}`,
    '',
    `Code: \`${p}\``,
    '',
    markdown ? p : `[een link](https://example.org/?q=${encodeURIComponent(p)})`,
    '',
    `Formule: $x = ${p.replace(/\$/g, '')}$`,
    '',
  ];
  return fm.join('\n') + body.join('\n');
}

// writeCorpus writes the attack materials as a content folder
// <dir>/xss/xss-<id>.md and returns the slugs.
export function writeCorpus(dir) {
  const folder = path.join(dir, 'xss');
  mkdirSync(folder, { recursive: true });
  const slugs = [];
  for (const [i, pl] of payloads.entries()) {
    const slug = `xss-${pl.id}`;
    writeFileSync(path.join(folder, `${slug}.md`), material(pl, i));
    slugs.push(slug);
  }
  // The image the Markdown attribute payload links to must exist, or the
  // importer (rightly) rejects the file: a 1×1 PNG.
  writeFileSync(path.join(folder, 'x.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
  // A javascript: source URL is bad input the importer may reject; if it
  // accepts it, the "Bron" link must not carry it.
  const src = material({ id: 'source-url', p: 'bron-link' }).replace('language: nl', `language: nl\nsource_url: ${yamlString("javascript:window.__xss='source-url'")}`);
  writeFileSync(path.join(folder, 'xss-source-url.md'), src);
  // A bidi override (U+202E) shows text in another order than it is
  // written ("Trojan Source"): the importer must refuse the file, naming it.
  const bidi = material({ id: 'bidi-override', p: 'omgekeerd \u202egnirts' });
  writeFileSync(path.join(folder, 'xss-bidi-override.md'), bidi);
  return { folder, slugs, optional: ['xss-source-url'], refused: [{ slug: 'xss-bidi-override', says: 'tekstrichtingsteken U+202E' }] };
}
