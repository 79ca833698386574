// A single-page app: everything renders in the browser, from static files, offline.
export const ssr = false;
export const prerender = false;
