import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './app/styles.css';
import './app/laptop.css';
import { loadBenchHooks } from './features/viewer/benchTarget.js';

loadBenchHooks();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
