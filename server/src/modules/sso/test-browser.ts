/** Test helper, a browser in miniature: follows redirects with its cookies until it leaves for `stopAt`. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly issuer: string,
    /** Where the walk stops: the relying party's side. */
    private readonly leaveAt: string,
  ) {}

  async go(url: string, init: RequestInit = {}, stopAt = this.leaveAt) {
    let next = new URL(url, this.issuer).toString();
    let request = init;
    for (let hop = 0; hop < 20; hop++) {
      if (next.startsWith(stopAt)) return { url: next, status: 0, body: '' };
      const response = await fetch(next, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers ?? {}), cookie: this.cookieHeader() },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq);
        const value = pair!.slice(eq + 1);
        if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next).toString();
        request = {};
        continue;
      }
      return { url: next, status: response.status, body: await response.text() };
    }
    throw new Error('too many redirects');
  }

  /** Posts the login form of the interaction page `page` is on. */
  async logIn(pageUrl: string, username: string, password = 'OneCity@2026') {
    const action = pageUrl.replace(/\/?$/, '/login');
    return this.go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
