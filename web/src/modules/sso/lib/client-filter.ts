interface FilterableClient {
  clientId: string;
  name: string;
  redirectUris: readonly string[];
  status: string;
}

/**
 * Relying parties matching every word of `q` in the name, client id or a redirect URI (any
 * case), and the status when one is chosen: a city connects dozens of systems, and the one
 * an administrator looks for is usually known by its name or its host.
 */
export function filterClients<C extends FilterableClient>(
  clients: readonly C[],
  filter: { q: string; status: 'active' | 'disabled' | null },
): C[] {
  const words = filter.q.toLowerCase().split(/\s+/).filter(Boolean);
  return clients.filter((c) => {
    if (filter.status && c.status !== filter.status) return false;
    const text = [c.name, c.clientId, ...c.redirectUris].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
