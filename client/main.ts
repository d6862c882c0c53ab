import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n.svelte.ts';
import './app.css';

// The first paint is in the person's language: wait for its messages (English is built in).
await i18n.ready;

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

export default mount(App, { target });

// The app shell kept on the device for a reload with no network. /sw.js exists only in what
// `vite build` makes (mode production; PROD alone would miss a build run under NODE_ENV=test).
if (import.meta.env.MODE === 'production' && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}
