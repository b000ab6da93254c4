import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApiConnection } from './api/get-nimbus-api';
import { App } from './app/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/planner.css';
import './styles/editor.css';
import './styles/catalog.css';
import './styles/environments.css';
import './styles/plan.css';
import './styles/deployments.css';
import './styles/audit.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App connection={getApiConnection()} />
  </StrictMode>,
);
