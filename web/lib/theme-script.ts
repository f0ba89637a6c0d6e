/**
 * Applies the theme before the first paint (a signed-in person's saved choice from `data-account-theme`, else
 * this browser's, else the system's), so a dark-theme user never sees a white flash. Inlined in the head of every page: Next's layout and the customer's pages (web/customer/).
 */
export const THEME_SCRIPT = `(function(){var t=null,a=document.documentElement.getAttribute('data-account-theme');try{if(a==='light'||a==='dark')localStorage.setItem('lifeline.theme',a);t=localStorage.getItem('lifeline.theme')}catch(e){}if(a==='light'||a==='dark')t=a;if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.dataset.theme=t})()`;
