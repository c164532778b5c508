// Everything lives inside the shadow root. The host gets `all: initial` with !important: inside a shadow tree an
// important :host rule beats even the page's `* { ... !important }`, and page selectors never match shadow children,
// so the only way in (inheritance) is cut at the host.

export const CSS = `
:host{all:initial!important;position:fixed!important;z-index:2147483000!important;display:block!important;bottom:0!important;width:0!important;height:0!important;right:0!important}
:host([data-position=left]){right:auto!important;left:0!important}
*{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit}
.root{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;-webkit-font-smoothing:antialiased}
button,textarea,input{border:0;background:none;cursor:pointer}
[hidden]{display:none!important}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.launcher{position:fixed;bottom:20px;right:20px;width:60px;height:60px;border-radius:50%;background:var(--bg);color:var(--fg);display:flex;align-items:center;justify-content:center;box-shadow:0 4px 16px rgba(0,0,0,.25);transition:transform .15s}
.left .launcher,.left .panel{right:auto;left:20px}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b00020;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}
.panel{position:fixed;bottom:92px;right:20px;width:380px;height:min(600px,calc(100vh - 112px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 8px 32px rgba(0,0,0,.28);overflow:hidden;animation:pop .18s ease-out}
@keyframes pop{from{opacity:0;transform:translateY(12px)}}
.head{display:flex;align-items:center;gap:8px;padding:14px 12px 14px 18px;background:var(--bg);color:var(--fg)}
.head h2{flex:1;font-size:17px;font-weight:650;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.x{width:36px;height:36px;border-radius:8px;display:flex;align-items:center;justify-content:center;color:var(--fg)}
.x svg{width:22px;height:22px;stroke:currentColor;stroke-width:2.2;fill:none}
.x:focus-visible{outline-color:var(--fg)}
.log{flex:1;overflow-y:auto;padding:16px 14px;display:flex;flex-direction:column;gap:10px;background:#f6f7f9}
.msg{max-width:85%;display:flex;flex-direction:column;gap:2px}
.msg .who{font-size:12px;color:#4a4f57;padding:0 4px}
.bubble{padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #dde1e6}
.bubble a{color:#0b4fb3;text-decoration:underline}
.customer{align-self:flex-end}
.customer .who{text-align:right}
.customer .bubble{background:var(--bg);color:var(--fg);border-color:transparent}
.customer .bubble a{color:inherit}
.agent .bubble{background:#eef3ff;border-color:#c9d6f2}
.pending .bubble{opacity:.75}
.failed .bubble{border:2px solid #b00020}
.note{align-self:center;max-width:92%;text-align:center;font-size:13px;color:#3d434b;background:#e9ecf0;border-radius:10px;padding:6px 12px}
.typing{padding:0 18px 6px;background:#f6f7f9;font-size:13px;color:#4a4f57;display:flex;align-items:center;gap:6px}
.dots{display:inline-flex;gap:3px}
.dots i{width:6px;height:6px;border-radius:50%;background:#4a4f57;animation:blink 1.2s infinite}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes blink{50%{opacity:.2}}
.alert{padding:8px 14px;font-size:14px;background:#fdecee;color:#8a0015;border-top:1px solid #f3c2c9}
.alert:empty{display:none}
form.compose{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 10px 14px;border-top:1px solid #dde1e6;background:#fff}
textarea{flex:1;resize:none;max-height:120px;min-height:40px;padding:9px 12px;border:1px solid #8a9099;border-radius:10px;background:#fff;cursor:text;line-height:1.4}
.send{width:42px;height:42px;border-radius:10px;background:var(--bg);color:var(--fg);display:flex;align-items:center;justify-content:center;flex:none}
.send svg{width:22px;height:22px;fill:currentColor}
.send:disabled,.primary:disabled{opacity:.5;cursor:not-allowed}
.count{font-size:12px;color:#4a4f57;padding:0 14px 6px;text-align:right;background:#fff}
.count:empty{display:none}
form.pre{display:flex;flex-direction:column;gap:10px;padding:16px;background:#fff;border-top:1px solid #dde1e6}
.pre label{display:flex;flex-direction:column;gap:4px;font-size:14px;font-weight:600}
.pre input{font-weight:400;padding:9px 12px;border:1px solid #8a9099;border-radius:10px;cursor:text}
.pre .err{font-size:13px;font-weight:400;color:#8a0015}
.primary{padding:10px 14px;border-radius:10px;background:var(--bg);color:var(--fg);font-weight:650}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:479.98px){.panel,.left .panel{inset:0;width:100%;height:100%;border-radius:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}.launcher:hover{transform:none}}
`;
