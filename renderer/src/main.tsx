import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ipcApi } from './api/ipcApi';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const api = window.twinscope ? ipcApi(window.twinscope) : undefined;
createRoot(root).render(
  <StrictMode>
    {api ? <App api={api} /> : <p>Twinscope must be opened from the desktop app (or `twinscope serve`).</p>}
  </StrictMode>,
);
