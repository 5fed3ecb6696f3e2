import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api';
import { App } from './App';
import { bootstrap } from './state/bootstrap';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const api = connectApi();
bootstrap(api);
createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
