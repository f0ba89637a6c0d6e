/**
 * Applies the theme before the first paint (the saved choice, else the system's), so a dark-theme user never sees
 * a white flash. Inlined in the head of every page: Next's layout and the customer's pages (web/customer/).
 */
export const THEME_SCRIPT = `(function(){var t=null;try{t=localStorage.getItem('lifeline.theme')}catch(e){}if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.dataset.theme=t})()`;
