import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './global.css';
import { loadConfig } from './config';
import {
  completeSignIn,
  createSession,
  currentUser,
  isCallback,
  sessionUserOf,
  signIn,
} from './auth/session';

const container = document.getElementById('root');
if (!container) throw new Error('找不到挂载节点 #root');
const root = createRoot(container);

function fail(message: string) {
  // Plain markup: antd may be what failed to load.
  container!.innerHTML = '';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.style.cssText = 'margin:48px;font-size:16px';
  p.textContent = `控制台启动失败：${message}。请刷新页面重试；如仍失败请联系运维人员。`;
  container!.appendChild(p);
}

async function start() {
  const config = await loadConfig();
  const session = createSession(config);
  if (isCallback()) {
    try {
      window.history.replaceState(null, '', await completeSignIn());
    } catch {
      // A stale or replayed callback: start a fresh sign-in rather than show an error.
      await signIn('/');
      return;
    }
  }
  const user = await currentUser();
  if (!user) {
    await signIn();
    return;
  }
  let current = sessionUserOf(user);
  const render = () =>
    root.render(
      <StrictMode>
        <App user={current} />
      </StrictMode>,
    );
  // Renewed tokens may carry changed roles or region.
  session.events.addUserLoaded((u) => {
    current = sessionUserOf(u);
    render();
  });
  render();
}

start().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
