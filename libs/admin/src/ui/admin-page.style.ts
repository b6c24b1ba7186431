export const ADMIN_PAGE_STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
body { margin: 0; }
header { background: #1d2330; color: #fff; padding: 1rem 2rem; }
header h1 { margin: 0 0 .5rem; font-size: 1.4rem; }
header small { font-weight: normal; opacity: .7; }
form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
input { min-width: 24rem; padding: .3rem; }
button { padding: .3rem .8rem; cursor: pointer; }
#status { margin: .5rem 0 0; min-height: 1.2em; }
#status.error { color: #ffb4b4; }
main { padding: 1rem 2rem; display: grid; gap: 1rem; }
section { background: #fff; border-radius: 6px; padding: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
h2 { margin-top: 0; font-size: 1.1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e4e6ea; vertical-align: top; }
pre { background: #f0f1f4; padding: .8rem; overflow: auto; max-height: 32rem; margin: 0; }
.badge, .state { padding: .05rem .45rem; border-radius: 3px; font-size: .85rem; }
.healthy, .available, .closed { background: #d8f3dc; color: #1b4332; }
.degraded, .half_open { background: #fff3bf; color: #5c4400; }
.unhealthy, .unavailable, .open { background: #ffd6d6; color: #7a1010; }
`;
