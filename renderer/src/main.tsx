import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './app/styles.css';
import './app/laptop.css';
import { loadBenchHooks } from './features/viewer/benchTarget.js';
import { session } from './session/session.js';

loadBenchHooks();
void session.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
