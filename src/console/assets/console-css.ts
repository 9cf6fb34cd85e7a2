/**
 * The console's one stylesheet, served at /console/assets/console.css. Kept in a TS string so
 * Node and Workers serve the same bytes without a bundler text loader.
 */
export const CONSOLE_CSS = `
:root{--fg:#1b1f24;--muted:#4b5563;--bg:#fff;--line:#d0d7de;--accent:#0b5cad;--warn:#a4001d;--ok:#116329}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700}
header ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
[aria-current=page],[aria-current=true]{font-weight:700}
.langs{display:flex;gap:.5rem;margin-left:auto}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.stack{display:flex;flex-direction:column;gap:.4rem;align-items:flex-start}
.narrow{max-width:24rem}.stack input,.stack select,.stack textarea{width:100%}
input,select,textarea,button{font:inherit;padding:.35rem .5rem;border:1px solid #6e7781;border-radius:4px}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
button.danger{background:var(--warn);border-color:var(--warn)}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{color:var(--warn);font-weight:600}.ok{color:var(--ok);font-weight:600}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;padding:0;margin:0}
.figures div{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
.figures dt{color:var(--muted);font-size:.9rem}.figures dd{margin:0;font-size:1.6rem;font-weight:700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.scroll{overflow-x:auto}
.chart{max-width:40rem;width:100%;height:auto}.chart text{font-size:12px;fill:var(--fg)}
.bar-argon2id{fill:#116329}.bar-wrapped{fill:#0b5cad}.bar-legacy{fill:#a4001d}
progress{width:100%;max-width:24rem;height:1.2rem}
.dropzone{border:2px dashed #6e7781;border-radius:6px;padding:1rem;max-width:32rem}
.dropzone.over{border-color:var(--accent);background:#eef6ff}
fieldset{border:1px solid var(--line);border-radius:6px;width:100%}
fieldset>label,.stack>label:has(input){display:flex;gap:.4rem;align-items:baseline}
.stack input[type=checkbox],.stack input[type=radio]{width:auto}
.checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.2rem .75rem}
.checks label{display:flex;gap:.4rem;align-items:baseline}.checks input{width:auto}
code.secret{display:block;word-break:break-all;padding:.5rem;background:#f6f8fa;border:1px solid var(--line)}
.overdue{color:var(--warn);font-weight:700}
@media (max-width:40rem){header{padding:.5rem}.langs{margin-left:0}main{padding:.5rem}}
@media print{header,.skip,form{display:none}}
`
