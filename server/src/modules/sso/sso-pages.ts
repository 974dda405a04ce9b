/**
 * The provider's pages (login, logout, errors), served by us and self-contained: no outside
 * fonts or scripts, Chinese first with English beside it.
 */
const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const style = `
  body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f5f7fa;margin:0}
  main{max-width:360px;margin:8vh auto;background:#fff;border-radius:8px;padding:28px 32px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
  h1{font-size:20px;margin:0 0 4px}p{color:#555;font-size:14px;line-height:1.5}
  label{display:block;font-size:14px;margin:14px 0 4px}
  input{width:100%;box-sizing:border-box;padding:8px 10px;border:1px solid #d0d5dd;border-radius:6px;font-size:15px}
  button{margin-top:20px;width:100%;padding:10px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:15px;cursor:pointer}
  button.link{background:none;color:#1677ff;margin-top:8px}
  .error{color:#cf1322;background:#fff1f0;border:1px solid #ffa39e;border-radius:6px;padding:8px 10px;font-size:14px}
  .muted{color:#888;font-size:12px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export interface LoginPageInput {
  uid: string;
  clientName: string;
  username?: string;
  error?: string | null;
  requiredAcr?: string | null;
}

const acrLabels: Record<string, string> = {
  basic: '基础认证 basic',
  realname: '实名认证 real-name',
  realperson: '实人认证 real-person',
};

export function loginPage(input: LoginPageInput): string {
  const requirement = input.requiredAcr
    ? `<p class="muted" data-testid="sso-acr">该应用要求 ${escapeHtml(acrLabels[input.requiredAcr] ?? input.requiredAcr)} · This application requires this assurance level</p>`
    : '';
  return page(
    'OneCity 统一身份认证',
    `<h1>OneCity 统一身份认证</h1>
<p>登录以继续使用 <strong data-testid="sso-client">${escapeHtml(input.clientName)}</strong><br>
<span class="muted">Sign in to continue to ${escapeHtml(input.clientName)}</span></p>
${requirement}
${input.error ? `<p class="error" data-testid="sso-error">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="/oidc/interaction/${escapeHtml(input.uid)}/login" autocomplete="on">
  <label for="username">用户名 Username</label>
  <input id="username" name="username" data-testid="sso-username" required autofocus value="${escapeHtml(input.username ?? '')}">
  <label for="password">密码 Password</label>
  <input id="password" name="password" type="password" data-testid="sso-password" required>
  <button type="submit" data-testid="sso-submit">登录 Sign in</button>
</form>
<form method="post" action="/oidc/interaction/${escapeHtml(input.uid)}/abort">
  <button type="submit" class="link" data-testid="sso-cancel">取消 Cancel</button>
</form>`,
  );
}

export function logoutPage(
  form: string,
  clientName: string | null,
  options: { autoSubmitNonce?: string } = {},
): string {
  if (options.autoSubmitNonce) {
    // The provider's form with "sign out everywhere" set, submitted at once; the button is
    // there for a browser without scripts.
    const signOutForm = form.replace(
      '</form>',
      '<input type="hidden" name="logout" value="yes"/></form>',
    );
    return page(
      '退出登录 Sign out',
      `<h1>正在退出…</h1><p class="muted">Signing out…</p>
${signOutForm}
<button type="submit" form="op.logoutForm" data-testid="sso-logout">退出 Sign out</button>
<script nonce="${escapeHtml(options.autoSubmitNonce)}">document.getElementById('op.logoutForm').submit();</script>`,
    );
  }
  return page(
    '退出登录 Sign out',
    `<h1>退出登录</h1><p>${clientName ? `${escapeHtml(clientName)} 请求退出 OneCity 统一身份认证。` : ''}要退出吗？<br><span class="muted">Sign out of OneCity?</span></p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" data-testid="sso-logout">退出 Sign out</button>
<button type="submit" form="op.logoutForm" class="link">保持登录 Stay signed in</button>`,
  );
}

export function loggedOutPage(): string {
  return page(
    '已退出 Signed out',
    '<h1>已退出</h1><p>您已退出 OneCity 统一身份认证。<br><span class="muted">You are signed out.</span></p>',
  );
}

export function errorPage(error: string, description: string | undefined): string {
  return page(
    '出错了 Error',
    `<h1>出错了 · Error</h1><p class="error" data-testid="sso-error-code">${escapeHtml(error)}</p><p>${escapeHtml(description ?? '')}</p>`,
  );
}
